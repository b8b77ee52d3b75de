// The deadline alerts' scenario (issue 20), appended to bench/scenarios.ts's list: the inbox page (GET /thong-bao) of
// the largest agency's accountant (bench-staff-<agency>, made by the ledgers seed) after a full alert scan, at 8
// connections: the navigation's unread count and the newest 50 notifications with their alert and rule, rendered.
// It needs the alerts that `npx tsx bench/alerts.ts` leaves after its last round; the baseline's side is
// bench/baseline-alerts.ts.
import type { Scenario } from './scenarios';
import { bearerHeaders } from './baseline-auth';
import { largestAgency } from './scenarios-cases';

/** Fewer alert notifications in the inbox would measure an empty page. */
const MIN_INBOX = 1000;

export const alertScenarios: Scenario[] = [
  {
    name: 'alerts-inbox',
    description:
      "GET /thong-bao — the inbox page (HTML) of the largest agency's accountant after a full alert scan (its newest 50 " +
      'of thousands of alert notifications, with their alert and rule; the unread count), against the bare baseline ' +
      'answering the same statements as JSON (agency staff, 8 connections)',
    requests: '/thong-bao',
    connections: 8,
    targetRatio: 0.5,
    p99TargetMs: 50,
    compare: 'status',
    setup: async (ctx) => {
      const agencyId = await largestAgency(ctx.db);
      const { rows } = await ctx.db.query<{ id: string; token_version: number; active: boolean; n: number }>(
        `SELECT u.id, u.token_version, u.active,
                (SELECT count(*)::int FROM notifications n WHERE n.recipient_user_id = u.id AND n.alert_id IS NOT NULL) AS n
         FROM users u WHERE u.username = $1`,
        [`bench-staff-${agencyId}`],
      );
      const u = rows[0];
      if (!u || !u.active)
        throw new Error(`no active bench-staff-${agencyId}: run \`npm run bench:seed -- --ledgers\``);
      if (u.n < MIN_INBOX)
        throw new Error(
          `bench-staff-${agencyId} holds ${u.n} alert notifications, fewer than ${MIN_INBOX}: run \`npm run bench:alerts\` first`,
        );
      const bearer = bearerHeaders(ctx.jwtSecret, u);
      // the page signs in with its cookie, the baseline with the bearer token: the same token
      const token = bearer.authorization!.replace(/^Bearer /, '');
      return { headers: { ...bearer, cookie: `ht_session=${token}` } };
    },
  },
];
