import type { Migration } from '../server/db/migrate';

// Failed sign-ins of one username from any address (the per-address lockout alone was escaped by changing
// X-Forwarded-For). Past the threshold, each attempt must wait a growing delay instead of a long lock, so a
// stranger typing a worker's CCCD cannot lock her out of her own account.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE login_user_failures (
      username text PRIMARY KEY,
      failures integer NOT NULL CHECK (failures >= 0),
      window_started_at timestamptz NOT NULL,
      next_attempt_at timestamptz,
      updated_at timestamptz NOT NULL
    );
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query('DROP TABLE IF EXISTS login_user_failures');
};
