import type { Migration } from '../server/db/migrate';

// Cross-module reads in SQL go through read-only views the owning module declares (its index.ts READ_VIEWS), so a
// single-statement join keeps the fast path while the owner stays free to change its tables behind the view.
// Simple views: the planner inlines them, the indexes of the tables underneath serve them.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    -- workers: who a worker is and where they live (no phone, no address, no household papers)
    CREATE VIEW worker_directory AS
      SELECT id, full_name, full_name_folded, cccd, date_of_birth, sex, province_code, commune_code FROM workers;
    -- job orders: the terms other modules check and show
    CREATE VIEW job_order_terms AS
      SELECT id, agency_id, reference, employer_name, job_title, destination_country, job_category, headcount,
             contract_months, salary_minor, salary_currency, fx_rate, deposit_vnd, state
      FROM job_orders;
    -- cases: where a placement stands (reports, papers)
    CREATE VIEW case_placements AS
      SELECT id, worker_id, job_order_id, agency_id, state, planned_departure_on, departed_on, flight, destination,
             labour_contract_start_on, labour_contract_end_on, departure_override_reason
      FROM cases;
    -- agencies: which agencies and branches exist
    CREATE VIEW agency_directory AS SELECT id, name, status FROM agencies;
    CREATE VIEW agency_branch_directory AS SELECT id, agency_id, name FROM agency_branches;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP VIEW IF EXISTS agency_branch_directory;
    DROP VIEW IF EXISTS agency_directory;
    DROP VIEW IF EXISTS case_placements;
    DROP VIEW IF EXISTS job_order_terms;
    DROP VIEW IF EXISTS worker_directory;
  `);
};
