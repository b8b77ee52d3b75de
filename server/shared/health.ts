import express from 'express';
import { publicRoute } from './auth/access';
import { sequelize } from '../db/sequelize';
import { pendingMigrations } from '../db/migrate';

export const healthRouter = express.Router();

/** The process is up. */
healthRouter.get('/healthz', publicRoute(), (_req, res) => {
  res.json({ status: 'ok' });
});

/** The database answers and every migration has run. */
healthRouter.get('/readyz', publicRoute(), async (_req, res) => {
  try {
    await sequelize().query('SELECT 1');
    const pending = await pendingMigrations(sequelize());
    if (pending.length) return void res.status(503).json({ status: 'migrations_pending', pending });
    res.json({ status: 'ready' });
  } catch {
    res.status(503).json({ status: 'database_unreachable' });
  }
});
