// The bare baseline the app is measured against: Express 5 + one pg.Pool, no middleware, no ORM, no validation.
// Each handler sends exactly the SQL text the app's Sequelize call sends (values inlined, simple query
// protocol, as Sequelize does for SELECTs), so the ratio app/baseline measures only what the app adds.
//
// Run by bench/run.ts as `taskset -c 0 node --import tsx bench/baseline.ts` with PORT, DATABASE_URL,
// DATABASE_POOL_MAX and JWT_SECRET in the environment.
import crypto from 'node:crypto';
import express, { type Request } from 'express';
import pg from 'pg';
import { fold, normalisePhone } from '../server/shared/text';
import { maskCccd } from '../server/shared/cccd';
import { TOTAL_CAP } from '../server/shared/page-cap';
import {
  LIST_COLUMNS,
  lit,
  nameWords,
  searchByName,
  type ListRow,
  type Runner,
} from '../server/modules/workers/workers.search';
import { caseRoutes } from './baseline-cases';
import { moneyRoutes } from './baseline-money';
import { grantRoutes } from './baseline-grants';
import { alertRoutes } from './baseline-alerts';
import { exchangeRoutes } from './baseline-exchange';
import { HttpError, tokenUser } from './baseline-auth';

// As server/db/sequelize.ts: DATE columns stay 'YYYY-MM-DD' strings.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

// ---- authentication (bench/baseline-auth.ts); this file's scenarios log in as admin ----

interface Actor {
  userId: number;
  role: string;
}

/** The baseline knows one scope here: an admin sees every worker. */
async function authenticate(req: Request, db: pg.Pool): Promise<Actor> {
  const u = await tokenUser(req, db);
  if (u.role !== 'admin') throw new HttpError(403, 'the baseline serves admins only');
  return { userId: Number(u.id), role: u.role };
}

// ---- workers: server/modules/workers/workers.service.ts listWorkers / getWorker ----
// The name search is the app's own SQL building (workers.search.ts), run here on the bare pool: same statements.

const LIST_ORDER = ' ORDER BY ("Worker"."full_name_folded" COLLATE "C"), "Worker"."id"';
const runOn =
  (db: pg.Pool): Runner =>
  async <T>(sql: string) =>
    (await db.query(sql)).rows as T[];

async function cappedCount(db: pg.Pool, where: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 AS "one" FROM "workers" AS "Worker" WHERE ${where} LIMIT ${TOTAL_CAP + 1}) AS capped`,
  );
  return rows[0]!.n;
}

const DETAIL_COLUMNS = `"id", "full_name" AS "fullName", "date_of_birth" AS "dateOfBirth", "sex", "cccd", "cccd_issued_on" AS "cccdIssuedOn",
  "phone", "email", "ethnicity", "province_code" AS "provinceCode", "commune_code" AS "communeCode", "street",
  "old_province_name" AS "oldProvinceName", "old_district_name" AS "oldDistrictName", "education", "languages",
  "household_status" AS "householdStatus", "household_status_year" AS "householdStatusYear", "land_recovered" AS "landRecovered",
  "meritorious_family" AS "meritoriousFamily", "created_by_agency_id" AS "createdByAgencyId"`;

/**
 * 'METHOD /express/path' → handler returning the JSON body. A new scenario adds one entry here,
 * copying the SQL the app logs for that route (see bench/README.md).
 */
export const baselineRoutes: Record<string, Handler> = {
  // server/modules/reference/reference.service.ts listCommunes (a bound parameter, as the app sends it)
  'GET /api/v1/provinces/:code/communes': async (req, db) => {
    const { rows } = await db.query('SELECT code, name, kind FROM communes WHERE province_code = $1 ORDER BY code', [
      req.params.code,
    ]);
    return { data: rows };
  },

  // listWorkers for an admin: a CCCD or phone is one indexed page; a name is searchByName (workers.search.ts)
  'GET /api/v1/workers': async (req, db) => {
    await authenticate(req, db);
    const pageNo = Number(req.query.page ?? 1);
    const size = Number(req.query.pageSize ?? 20);
    const offset = (pageNo - 1) * size;
    const text = String(req.query.q ?? '').trim();
    const digits = text.replace(/[\s.+()-]/g, '');
    const phone = text ? normalisePhone(text) : null;
    const words = text && !/^[0-9]{12}$/.test(digits) && !phone ? nameWords(fold(text)) : [];
    let rows: ListRow[];
    let n: number;
    if (!words.length) {
      const where = /^[0-9]{12}$/.test(digits)
        ? `("Worker"."cccd" = ${lit(digits)})`
        : phone
          ? `("Worker"."phone" = ${lit(phone)})`
          : 'TRUE';
      rows = (
        await db.query<ListRow>(
          `SELECT ${LIST_COLUMNS} FROM "workers" AS "Worker" WHERE ${where}${LIST_ORDER} LIMIT ${size} OFFSET ${offset}`,
        )
      ).rows;
      n = rows.length < size && pageNo === 1 ? rows.length : await cappedCount(db, where);
    } else {
      ({ rows, total: n } = await searchByName(runOn(db), { words, filterSql: null, page: pageNo, pageSize: size }));
    }
    const capped = n > TOTAL_CAP;
    return {
      data: rows.map((w) => ({
        id: Number(w.id),
        fullName: w.fullName,
        dateOfBirth: w.dateOfBirth,
        sex: w.sex,
        cccdMasked: maskCccd(w.cccd),
        provinceCode: w.provinceCode,
        communeCode: w.communeCode,
        householdStatus: w.householdStatus,
      })),
      page: { number: pageNo, size, total: capped ? TOTAL_CAP : n, totalCapped: capped },
    };
  },

  // getWorker: the worker, its links (two plain statements), and one access_log row (the event, the request id and
  // the client address, as server/shared/audit.ts recordAccess writes it)
  'GET /api/v1/workers/:id': async (req, db) => {
    const actor = await authenticate(req, db);
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(400, 'bad id');
    const w = (
      await db.query(
        `SELECT ${DETAIL_COLUMNS} FROM "workers" AS "Worker" WHERE ("Worker"."id" = ${id} AND TRUE) LIMIT 1`,
      )
    ).rows[0];
    if (!w) throw new HttpError(404, 'Không tìm thấy người lao động');
    const links = (
      await db.query(
        'SELECT agency_id AS "agencyId", since, consent_date AS "consentDate", purposes, evidence, consent_file_id AS "consentFileId" FROM worker_agency_links WHERE worker_id = $1 ORDER BY id',
        [id],
      )
    ).rows;
    await db.query(
      `INSERT INTO access_log (at, actor_user_id, actor_role, organisation, subject_type, subject_id, route, event, request_id, client_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        new Date(),
        actor.userId,
        actor.role,
        null,
        'worker',
        String(id),
        `GET ${req.originalUrl.split('?')[0]}`,
        'worker.read',
        req.get('x-request-id') ?? crypto.randomUUID(),
        req.socket.remoteAddress ?? null,
      ],
    );
    return {
      data: {
        ...w,
        id: Number(w.id),
        createdByAgencyId: w.createdByAgencyId === null ? null : Number(w.createdByAgencyId),
        links: links.map((l) => ({
          agencyId: Number(l.agencyId),
          since: l.since,
          consentDate: l.consentDate,
          purposes: l.purposes,
          evidence: l.evidence,
          consentFileId: l.consentFileId === null ? null : Number(l.consentFileId),
        })),
      },
    };
  },

  // cases (listCases, transitionCase) for agency staff: bench/baseline-cases.ts
  ...caseRoutes(),
  // the money ledger (postEntry, reconciliation) for agency staff: bench/baseline-money.ts
  ...moneyRoutes(),
  // the support grants (eligibility, the province queue): bench/baseline-grants.ts
  ...grantRoutes(),
  // the inbox page (issue 20, deadline alerts) for staff: bench/baseline-alerts.ts
  ...alertRoutes(),
  // the job exchange's matching (issue 21) for centre staff: bench/baseline-exchange.ts
  ...exchangeRoutes(),
};

function main(): void {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  if (!process.env.JWT_SECRET) throw new Error('JWT_SECRET is required');
  // Same pool size as the app (server/config.ts default 10), so neither side gets more database concurrency.
  const db = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
  const app = express();
  app.use('/api/v1/cases', express.json()); // the transitions' bodies (the app parses every JSON body)

  for (const [key, handler] of Object.entries(baselineRoutes)) {
    const [method, path] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string];
    app[method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](path, async (req, res) => {
      try {
        res.json(await handler(req, db));
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        res.status(err.status).json({ error: { message: err.message } });
      }
    });
  }
  // bench/run.ts waits on this, as it does on the app's /readyz.
  app.get('/readyz', async (_req, res) => {
    await db.query('SELECT 1');
    res.json({ status: 'ready' });
  });

  const server = app.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
  const stop = () => server.close(() => void db.end().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) main();
