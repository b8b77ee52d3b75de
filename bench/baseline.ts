// The bare baseline the app is measured against: Express 5 + one pg.Pool, no middleware, no ORM, no validation.
// Each handler sends exactly the SQL text the app's Sequelize call sends (values inlined, simple query
// protocol, as Sequelize does for SELECTs), so the ratio app/baseline measures only what the app adds.
//
// Run by bench/run.ts as `taskset -c 0 node --import tsx bench/baseline.ts` with PORT, DATABASE_URL and
// DATABASE_POOL_MAX in the environment.
import express, { type Request } from 'express';
import pg from 'pg';

type Handler = (req: Request, db: pg.Pool) => Promise<unknown>;

/** Quotes a value the way Sequelize inlines it ('38' → '38'), so the statement text is byte-identical. */
const lit = (v: unknown) => pg.escapeLiteral(String(v));

/**
 * 'METHOD /express/path' → handler returning the JSON body. A new scenario adds one entry here,
 * copying the SQL the app logs for that route (see bench/README.md).
 */
export const baselineRoutes: Record<string, Handler> = {
  // server/modules/reference/reference.service.ts listCommunes (a bound parameter, as the app sends it)
  'GET /api/v1/provinces/:code/communes': async (req, db) => {
    const { rows } = await db.query('SELECT code, name, kind FROM communes WHERE province_code = $1 ORDER BY code', [req.params.code]);
    return { data: rows };
  },
};

function main(): void {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  // Same pool size as the app (server/config.ts default 10), so neither side gets more database concurrency.
  const db = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
  const app = express();

  for (const [key, handler] of Object.entries(baselineRoutes)) {
    const [method, path] = key.split(' ') as ['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string];
    app[method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](path, async (req, res) => {
      res.json(await handler(req, db));
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
