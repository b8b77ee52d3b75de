import type { Migration } from '../server/db/migrate';

// The last worker-database update the agency made for a case (R17): recorded when the case's departure is in an
// exported departure list; it meets the departure update and the monthly updates of changes before it.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query('ALTER TABLE cases ADD COLUMN database_updated_on date');
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query('ALTER TABLE cases DROP COLUMN IF EXISTS database_updated_on');
};
