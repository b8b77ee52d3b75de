// npm run bench:seed -- --sessions: the job exchange's part 2 (issue 22) over the exchange already loaded
// (`--exchange`): what the report Decree 352 Annex III Mẫu 01 (E6) reads. Replaces what it made before (its tables
// emptied; the referrals it made deleted), then, with COPY:
// - 50,000 job exchange sessions over the two years before the seed's day, spread over the 34 centres like their job
//   seekers (the largest province about a fifth), 95 % held, 5 % cancelled;
// - 8 booths each (400,000): employers of the session's centre;
// - 20 registrations each (1,000,000): job seekers of the session's centre, 70 % checked in; tickets unique;
// - counselling: at the session for 30 % of the registrations (job 70 %, policy 20 %, overseas work 10 %), plus
//   100,000 records outside sessions and 20,000 employer counsellings (≈ 420,000);
// - activities: interviews for 25 % of the registrations, pre-selections 10 %, overseas registrations 3 % (≈ 380,000);
// - 200,000 referrals (origin person 40 %, employer 60 %; 30 % hired, with their Mẫu 04 facts), each of a different
//   active job seeker, to a vacancy of her centre, introduced over the same two years; a third at a session.
// Deterministic (seeded PRNG); indexes and keys of the loaded tables dropped for the COPY and rebuilt, then ANALYZE.
import type pg from 'pg';
import { addDays } from '../server/shared/dates';
import { today } from '../server/shared/clock';
import { copy, dropIndexesAndKeys, seconds } from './generate-cases';
import { rng } from './random';

export const SESSION_COUNT = 50_000;
const BOOTHS = 8;
const REGISTRATIONS = 20;
const REFERRALS = 200_000;
const DAYS = 730;
const TICKET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const ticketOf = (n: number) => {
  let s = '';
  for (let i = 0; i < 8; i += 1) {
    s = TICKET[n % 32] + s;
    n = Math.floor(n / 32);
  }
  return s;
};

export interface SessionsLoad {
  sessions: number;
  booths: number;
  registrations: number;
  counselling: number;
  activities: number;
  referrals: number;
  largest: { centreId: number; province: string; sessions: number };
}

export async function loadSessions(client: pg.Client, log: (line: string) => void): Promise<SessionsLoad> {
  const seedDay = today();
  const r = rng(20261203);
  const t0 = Date.now();
  // what the exchange loaded: centres with their job seekers (active ones for referrals), employers, vacancies
  const { rows: centres } = await client.query<{ id: string; province_code: string }>(
    "SELECT id, province_code FROM agencies WHERE kind = 'employment_centre' ORDER BY id",
  );
  if (!centres.length) throw new Error('no centres: run `npm run bench:seed -- --exchange` first');
  const seekers = new Map<number, { js: number[]; w: number[]; active: number[] }>();
  for (const c of centres) seekers.set(Number(c.id), { js: [], w: [], active: [] });
  const { rows: js } = await client.query<{ id: string; worker_id: string; centre_id: string; status: string }>(
    'SELECT id, worker_id, centre_id, status FROM job_seekers',
  );
  for (const s of js) {
    const e = seekers.get(Number(s.centre_id));
    if (!e) continue;
    e.js.push(Number(s.id));
    e.w.push(Number(s.worker_id));
    if (s.status === 'active') e.active.push(e.js.length - 1);
  }
  const employersOf = new Map<number, number[]>();
  for (const row of (await client.query<{ id: string; centre_id: string }>('SELECT id, centre_id FROM employers')).rows)
    (
      employersOf.get(Number(row.centre_id)) ?? employersOf.set(Number(row.centre_id), []).get(Number(row.centre_id))!
    ).push(Number(row.id));
  const vacanciesOf = new Map<number, number[]>();
  for (const row of (await client.query<{ id: string; centre_id: string }>('SELECT id, centre_id FROM vacancies')).rows)
    (
      vacanciesOf.get(Number(row.centre_id)) ?? vacanciesOf.set(Number(row.centre_id), []).get(Number(row.centre_id))!
    ).push(Number(row.id));
  const { rows: staff } = await client.query<{ id: string; agency_id: string }>(
    "SELECT id, agency_id FROM users WHERE role = 'centre_staff'",
  );
  const staffOf = new Map(staff.map((s) => [Number(s.agency_id), Number(s.id)]));
  log(`  read ${js.length.toLocaleString('en')} job seekers, employers and vacancies: ${seconds(t0)}`);

  // replace what was made before
  let t = Date.now();
  await client.query('TRUNCATE counselling_records, session_activities, session_registrations, session_booths');
  // only the referrals this generator made (tagged); another generator's stay
  await client.query("DELETE FROM referrals WHERE next_deadline_rule = 'bench-sessions'");
  await client.query('DELETE FROM exchange_sessions');
  for (const tb of [
    'exchange_sessions',
    'session_booths',
    'session_registrations',
    'session_activities',
    'counselling_records',
  ])
    await client.query(`SELECT setval(pg_get_serial_sequence('${tb}', 'id'), 1, false)`);
  log(`  emptied: ${seconds(t)}`);

  // sessions per centre, weighted by its job seekers
  const weights = centres.map((c) => seekers.get(Number(c.id))!.js.length || 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  weights.reduce((a, w, i) => (cum[i] = a + w / total), 0);
  const centreAt = () => {
    const x = r();
    const i = cum.findIndex((c) => x < c);
    return Number(centres[i < 0 ? centres.length - 1 : i].id);
  };
  const sessions: { centre: number; heldOn: string; held: boolean }[] = [];
  for (let i = 0; i < SESSION_COUNT; i += 1)
    sessions.push({ centre: centreAt(), heldOn: addDays(seedDay, -Math.floor(r() * DAYS)), held: r() < 0.95 });
  const provinceOf = new Map(centres.map((c) => [Number(c.id), c.province_code]));

  const keys: string[] = [];
  for (const tb of [
    'exchange_sessions',
    'session_booths',
    'session_registrations',
    'session_activities',
    'counselling_records',
    'referrals',
  ])
    keys.push(...(await dropIndexesAndKeys(client, tb)));

  t = Date.now();
  await copy(
    client,
    'COPY exchange_sessions (centre_id, province_code, name, kind, held_on, starts_at, ends_at, venue, state, created_by_user_id) FROM STDIN',
    function* () {
      let i = 0;
      for (const s of sessions)
        yield `${s.centre}\t${provinceOf.get(s.centre)}\tPhiên giao dịch việc làm số ${(i += 1)}\t${r() < 0.8 ? 'fixed' : 'online'}\t${s.heldOn}\t08:00\t11:30\tTrung tâm Dịch vụ việc làm\t${s.held ? 'held' : 'cancelled'}\t${staffOf.get(s.centre) ?? '\\N'}\n`;
    },
  );
  log(`  ${SESSION_COUNT.toLocaleString('en')} sessions: ${seconds(t)}`);

  // booths (ids 1..400,000 in order: session i has booths (i-1)*8+1 … i*8)
  t = Date.now();
  await copy(
    client,
    'COPY session_booths (session_id, employer_id, demand_in_province, demand_out_of_province) FROM STDIN',
    function* () {
      for (let i = 0; i < sessions.length; i += 1) {
        const es = employersOf.get(sessions[i].centre) ?? [];
        const used = new Set<number>();
        for (let b = 0; b < BOOTHS; b += 1) {
          let e = es[Math.floor(r() * es.length)];
          while (used.has(e) && used.size < es.length) e = es[Math.floor(r() * es.length)];
          used.add(e);
          yield `${i + 1}\t${e}\t${1 + Math.floor(r() * 30)}\t${Math.floor(r() * 10)}\n`;
        }
      }
    },
  );
  log(`  ${(SESSION_COUNT * BOOTHS).toLocaleString('en')} booths: ${seconds(t)}`);

  // registrations, and what happened to each (counselling, activities) as rows of their own tables
  t = Date.now();
  const regs: { session: number; worker: number; id: number }[] = [];
  let regId = 0;
  await copy(
    client,
    'COPY session_registrations (session_id, worker_id, job_seeker_id, ticket, channel, registered_at, checked_in_at, checked_in_by_user_id) FROM STDIN',
    function* () {
      for (let i = 0; i < sessions.length; i += 1) {
        const s = sessions[i];
        const pool = seekers.get(s.centre)!;
        const used = new Set<number>();
        for (let k = 0; k < REGISTRATIONS && used.size < pool.js.length; k += 1) {
          let j = Math.floor(r() * pool.js.length);
          while (used.has(j)) j = Math.floor(r() * pool.js.length);
          used.add(j);
          regId += 1;
          regs.push({ session: i + 1, worker: pool.w[j], id: regId });
          const inn = s.held && r() < 0.7;
          yield `${i + 1}\t${pool.w[j]}\t${pool.js[j]}\t${ticketOf(regId)}\tstaff\t${s.heldOn} 07:00:00+07\t${inn ? `${s.heldOn} 08:30:00+07` : '\\N'}\t${inn ? (staffOf.get(s.centre) ?? '\\N') : '\\N'}\n`;
        }
      }
    },
  );
  log(`  ${regs.length.toLocaleString('en')} registrations: ${seconds(t)}`);

  t = Date.now();
  let counselling = 0;
  const topic = () => {
    const x = r();
    return x < 0.7 ? 'job' : x < 0.9 ? 'policy' : 'overseas';
  };
  await copy(
    client,
    'COPY counselling_records (centre_id, session_id, worker_id, employer_id, topic, counselled_on) FROM STDIN',
    function* () {
      for (const g of regs) {
        const s = sessions[g.session - 1];
        if (!s.held || r() >= 0.3) continue;
        counselling += 1;
        yield `${s.centre}\t${g.session}\t${g.worker}\t\\N\t${topic()}\t${s.heldOn}\n`;
      }
      for (let k = 0; k < 100_000; k += 1) {
        const c = centreAt();
        const pool = seekers.get(c)!;
        if (!pool.w.length) continue;
        counselling += 1;
        yield `${c}\t\\N\t${pool.w[Math.floor(r() * pool.w.length)]}\t\\N\t${topic()}\t${addDays(seedDay, -Math.floor(r() * DAYS))}\n`;
      }
      for (let k = 0; k < 20_000; k += 1) {
        const c = centreAt();
        const es = employersOf.get(c) ?? [];
        if (!es.length) continue;
        counselling += 1;
        yield `${c}\t\\N\t\\N\t${es[Math.floor(r() * es.length)]}\t${r() < 0.7 ? 'job' : 'policy'}\t${addDays(seedDay, -Math.floor(r() * DAYS))}\n`;
      }
    },
  );
  log(`  ${counselling.toLocaleString('en')} counselling records: ${seconds(t)}`);

  t = Date.now();
  let activities = 0;
  await copy(
    client,
    'COPY session_activities (session_id, registration_id, worker_id, kind, booth_id) FROM STDIN',
    function* () {
      for (const g of regs) {
        const s = sessions[g.session - 1];
        if (!s.held) continue;
        const booth = (g.session - 1) * BOOTHS + 1 + Math.floor(r() * BOOTHS);
        const x = r();
        if (x < 0.25) {
          activities += 1;
          yield `${g.session}\t${g.id}\t${g.worker}\tinterview\t${booth}\n`;
        } else if (x < 0.35) {
          activities += 1;
          yield `${g.session}\t${g.id}\t${g.worker}\tpreselection\t${booth}\n`;
        } else if (x < 0.38) {
          activities += 1;
          yield `${g.session}\t${g.id}\t${g.worker}\toverseas_registration\t\\N\n`;
        }
      }
    },
  );
  log(`  ${activities.toLocaleString('en')} session activities: ${seconds(t)}`);

  // referrals: each of a different active job seeker, to a vacancy of her centre
  t = Date.now();
  let referrals = 0;
  const sessionsOf = new Map<number, number[]>();
  sessions.forEach((s, i) => {
    if (!s.held) return;
    if (!sessionsOf.has(s.centre)) sessionsOf.set(s.centre, []);
    sessionsOf.get(s.centre)!.push(i + 1);
  });
  await copy(
    client,
    `COPY referrals (centre_id, job_seeker_id, seeker_centre_id, worker_id, vacancy_id, origin, state, introduced_on, contract_type,
       signed_on, start_on, position, wage_code, employer_name, employer_enterprise_code, notified_on, session_id, whose_move,
       next_deadline_rule) FROM STDIN`,
    function* () {
      const next = new Map<number, number>();
      for (let k = 0; k < REFERRALS; k += 1) {
        const c = centreAt();
        const pool = seekers.get(c)!;
        const vs = vacanciesOf.get(c) ?? [];
        const n = next.get(c) ?? 0;
        if (n >= pool.active.length || !vs.length) continue;
        next.set(c, n + 1);
        const j = pool.active[n];
        const introduced = addDays(seedDay, -Math.floor(r() * DAYS));
        const hired = r() < 0.3;
        const signed = hired ? addDays(introduced, Math.floor(r() * 40)) : null;
        const signedOn = signed && signed > seedDay ? seedDay : signed;
        const ss = sessionsOf.get(c) ?? [];
        const at = r() < 0.33 && ss.length ? ss[Math.floor(r() * ss.length)] : null;
        referrals += 1;
        yield (
          [
            c,
            pool.js[j],
            c,
            pool.w[j],
            vs[Math.floor(r() * vs.length)],
            r() < 0.4 ? 'person' : 'employer',
            hired ? 'hired' : r() < 0.5 ? 'introduced' : 'not_hired',
            introduced,
            hired ? 'fixed_term' : '\\N',
            signedOn ?? '\\N',
            signedOn ?? '\\N',
            hired ? 'Công nhân' : '\\N',
            hired ? 1 + Math.floor(r() * 4) : '\\N',
            hired ? 'Công ty Giả lập' : '\\N',
            hired ? '0100000000' : '\\N',
            signedOn ?? '\\N',
            at ?? '\\N',
            hired ? 'agency' : 'none',
            'bench-sessions',
          ].join('\t') + '\n'
        );
      }
    },
  );
  log(`  ${referrals.toLocaleString('en')} referrals: ${seconds(t)}`);

  t = Date.now();
  for (const k of keys) await client.query(k);
  for (const tb of [
    'exchange_sessions',
    'session_booths',
    'session_registrations',
    'session_activities',
    'counselling_records',
    'referrals',
  ])
    await client.query(`VACUUM ANALYZE ${tb}`);
  log(`  indexes and keys rebuilt, analysed: ${seconds(t)}`);

  const {
    rows: [big],
  } = await client.query<{ centre_id: string; province_code: string; n: string }>(
    'SELECT centre_id, province_code, count(*) AS n FROM exchange_sessions GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1',
  );
  return {
    sessions: SESSION_COUNT,
    booths: SESSION_COUNT * BOOTHS,
    registrations: regs.length,
    counselling,
    activities,
    referrals,
    largest: { centreId: Number(big.centre_id), province: big.province_code, sessions: Number(big.n) },
  };
}
