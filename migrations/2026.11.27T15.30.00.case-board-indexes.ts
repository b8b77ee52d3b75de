import type { Migration } from '../server/db/migrate';

// The board lists one job order's cases in one state by next deadline: serve it from one index, in order.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS cases_job_order;
    CREATE INDEX cases_job_order_board ON cases (job_order_id, state, next_deadline_on, id);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS cases_job_order_board;
    CREATE INDEX cases_job_order ON cases (job_order_id, state);
  `);
};
