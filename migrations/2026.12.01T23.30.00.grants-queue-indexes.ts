import type { Migration } from '../server/db/migrate';

// The grant queues without a state filter (listApplications: a province officer's or an agency's applications, earliest
// processing deadline first, ORDER BY next_deadline_on ASC NULLS LAST, id) read in the order of an index on the scope,
// the deadline and the id: page 1 is the first 20 entries. grant_applications_queue leads with the state, so it
// serves the filtered queue only; without these PostgreSQL read the whole table (a parallel scan of ≈ 36,000 pages
// for ≈ 200,000 applications) and sorted the province's 34,000 rows on every page: 8 req/s, p99 1.9 s at 8
// connections (bench/RESULTS.md, grants-queue). The agency's list had no index on agency_id at all.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE INDEX grant_applications_province_deadline ON grant_applications (province_code, next_deadline_on, id);
    CREATE INDEX grant_applications_agency_deadline ON grant_applications (agency_id, next_deadline_on, id);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS grant_applications_agency_deadline;
    DROP INDEX IF EXISTS grant_applications_province_deadline;
  `);
};
