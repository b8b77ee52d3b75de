import type { Migration } from '../server/db/migrate';

// Matching's worker lookups (issue 21; exchange.matching.ts): after the sort on points, each candidate's worker is
// read by id for the hard checks (technical level, general education), the certified group (household status and
// its year, the home commune for an eligible area) and the home province of an anonymised row — for a vacancy of a
// busy group and province, the whole group of equal points at the cut (often over a thousand workers). One covering
// index makes those reads index-only. It holds the technical level too, so it replaces the Mẫu 01 report's
// workers_report_level (id INCLUDE technical_level), which read the same way.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE INDEX workers_match_facts ON workers (id)
      INCLUDE (technical_level, general_education, household_status, household_status_year, province_code, commune_code);
    DROP INDEX workers_report_level;
    ANALYZE workers;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE INDEX workers_report_level ON workers (id) INCLUDE (technical_level);
    DROP INDEX workers_match_facts;
  `);
};
