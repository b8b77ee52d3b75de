import type { Migration } from '../server/db/migrate';

// The inbox reads a recipient's newest 50 by (created_at DESC, id DESC). A scan writes a user's alerts in one
// transaction, so thousands share one created_at: with the index on (recipient, created_at) alone PostgreSQL read and
// sorted them all (bench: 25–47 ms a page for 3,883 alerts); with id in the index it reads 50 rows. And obligations
// may name a deposit as their subject (their CHECK allows it): so may the alerts about them.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX notifications_user;
    CREATE INDEX notifications_user ON notifications (recipient_user_id, created_at DESC, id DESC) WHERE recipient_user_id IS NOT NULL;
    DROP INDEX notifications_worker;
    CREATE INDEX notifications_worker ON notifications (recipient_worker_id, created_at DESC, id DESC) WHERE recipient_worker_id IS NOT NULL;
    ALTER TABLE alerts DROP CONSTRAINT alerts_subject_type_check;
    ALTER TABLE alerts ADD CONSTRAINT alerts_subject_type_check
      CHECK (subject_type IN ('case', 'grant_application', 'deposit', 'agency', 'grant_budget'));
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE alerts DROP CONSTRAINT alerts_subject_type_check;
    ALTER TABLE alerts ADD CONSTRAINT alerts_subject_type_check
      CHECK (subject_type IN ('case', 'grant_application', 'agency', 'grant_budget'));
    DROP INDEX notifications_worker;
    CREATE INDEX notifications_worker ON notifications (recipient_worker_id, created_at DESC) WHERE recipient_worker_id IS NOT NULL;
    DROP INDEX notifications_user;
    CREATE INDEX notifications_user ON notifications (recipient_user_id, created_at DESC) WHERE recipient_user_id IS NOT NULL;
  `);
};
