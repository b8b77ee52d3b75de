import type { Migration } from '../server/db/migrate';

// The staff member who looks after a case ("người phụ trách"): the board filters by it, the day's work starts with it.
// A user of the case's agency (the service checks it); a user removed leaves the case unassigned.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE cases ADD COLUMN assignee_user_id bigint REFERENCES users (id) ON DELETE SET NULL;
    CREATE INDEX cases_assignee_deadline ON cases (assignee_user_id, next_deadline_on, id)
      WHERE assignee_user_id IS NOT NULL;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS cases_assignee_deadline;
    ALTER TABLE cases DROP COLUMN IF EXISTS assignee_user_id;
  `);
};
