import type { Migration } from '../server/db/migrate';

// An agency's board of one job order (state + job order, by next deadline) is scoped by agency_id too: carried in
// the board index, the page and its capped count are read from the index alone (no heap visit per case, and
// the skipped rows of a far page cost an index entry each). Without it PostgreSQL, which cannot know that a job
// order's cases all belong to its agency, ANDed a bitmap of the agency's whole caseload (80,000 entries for the
// largest, 15–20 ms per statement, bench/RESULTS.md).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS cases_job_order_board;
    CREATE INDEX cases_job_order_board ON cases (job_order_id, state, next_deadline_on, id) INCLUDE (agency_id);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS cases_job_order_board;
    CREATE INDEX cases_job_order_board ON cases (job_order_id, state, next_deadline_on, id);
  `);
};
