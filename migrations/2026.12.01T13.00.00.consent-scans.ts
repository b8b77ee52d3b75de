import type { Migration } from '../server/db/migrate';

// A consent link carries the scanned consent form: typing "consent" with the facts printed on an ID card no longer
// links an agency to a worker. Links made before keep no scan (NULL); the app requires one for every new link.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE worker_agency_links ADD COLUMN consent_file_id bigint REFERENCES files (id) ON DELETE RESTRICT;
    CREATE INDEX files_uploaded_by ON files (uploaded_by_user_id);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS files_uploaded_by;
    ALTER TABLE worker_agency_links DROP COLUMN IF EXISTS consent_file_id;
  `);
};
