import type { Migration } from '../server/db/migrate';

// R21: the day the worker told the commune of her residence after coming home, as the agency or officer records it;
// it meets the residence-notice obligation (until then it stays open, whatever else happens to the case).
// R17: the departures report shows which cases' database update the agency has confirmed (case_placements gains
// database_updated_on, at the end: a view may only grow).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE cases ADD COLUMN residence_notified_on date;
    ALTER TABLE cases ADD CONSTRAINT cases_residence_after_return
      CHECK (residence_notified_on IS NULL OR (returned_on IS NOT NULL AND residence_notified_on >= returned_on));
    CREATE OR REPLACE VIEW case_placements AS
      SELECT id, worker_id, job_order_id, agency_id, state, planned_departure_on, departed_on, flight, destination,
             labour_contract_start_on, labour_contract_end_on, departure_override_reason, database_updated_on
      FROM cases;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP VIEW case_placements;
    CREATE VIEW case_placements AS
      SELECT id, worker_id, job_order_id, agency_id, state, planned_departure_on, departed_on, flight, destination,
             labour_contract_start_on, labour_contract_end_on, departure_override_reason
      FROM cases;
    ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_residence_after_return;
    ALTER TABLE cases DROP COLUMN IF EXISTS residence_notified_on;
  `);
};
