import type { Migration } from '../server/db/migrate';

// The officers' dashboards count returns and selections per month: case_placements gains the dates they need (at
// the end: a view may only grow).
const BASE = `id, worker_id, job_order_id, agency_id, state, planned_departure_on, departed_on, flight, destination,
             labour_contract_start_on, labour_contract_end_on, departure_override_reason, database_updated_on`;

export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(
    `CREATE OR REPLACE VIEW case_placements AS SELECT ${BASE}, selected_on, returned_on, liquidated_on FROM cases`,
  );
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`DROP VIEW case_placements; CREATE VIEW case_placements AS SELECT ${BASE} FROM cases`);
};
