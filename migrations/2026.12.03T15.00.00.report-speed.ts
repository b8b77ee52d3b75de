import type { Migration } from '../server/db/migrate';

// The Mẫu 01 report's speed (E6; exchange-reports.lines.ts): a registration carries its worker (copied from the job
// seeker when it is taken, kept if the seeker's worker were ever changed), so line 3.1.1 reads a centre's registrations
// of the window from one index instead of joining every job seeker; the view the report reads keeps its columns. The
// "intermediate level or higher" split reads each worker's technical level from an index (index-only lookups).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE job_seeker_registrations ADD COLUMN worker_id bigint;
    UPDATE job_seeker_registrations r SET worker_id = s.worker_id FROM job_seekers s WHERE s.id = r.job_seeker_id;
    ALTER TABLE job_seeker_registrations ALTER COLUMN worker_id SET NOT NULL;

    CREATE FUNCTION job_seeker_registrations_worker() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      NEW.worker_id := (SELECT worker_id FROM job_seekers WHERE id = NEW.job_seeker_id);
      RETURN NEW;
    END $fn$;
    CREATE TRIGGER job_seeker_registrations_worker BEFORE INSERT OR UPDATE OF job_seeker_id, worker_id
      ON job_seeker_registrations FOR EACH ROW EXECUTE FUNCTION job_seeker_registrations_worker();

    CREATE FUNCTION job_seekers_registrations_worker() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE job_seeker_registrations SET worker_id = NEW.worker_id WHERE job_seeker_id = NEW.id;
      RETURN NULL;
    END $fn$;
    CREATE TRIGGER job_seekers_registrations_worker AFTER UPDATE OF worker_id ON job_seekers FOR EACH ROW
      WHEN (OLD.worker_id IS DISTINCT FROM NEW.worker_id) EXECUTE FUNCTION job_seekers_registrations_worker();

    CREATE INDEX job_seeker_registrations_report ON job_seeker_registrations (centre_id, registered_on) INCLUDE (worker_id);
    CREATE INDEX workers_report_level ON workers (id) INCLUDE (technical_level);

    CREATE OR REPLACE VIEW seeker_registration_report_facts AS
      SELECT r.id, r.job_seeker_id, r.centre_id, r.registered_on, r.worker_id FROM job_seeker_registrations r;
    ANALYZE job_seeker_registrations;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE OR REPLACE VIEW seeker_registration_report_facts AS
      SELECT r.id, r.job_seeker_id, r.centre_id, r.registered_on, s.worker_id
      FROM job_seeker_registrations r JOIN job_seekers s ON s.id = r.job_seeker_id;
    DROP INDEX IF EXISTS workers_report_level;
    DROP INDEX IF EXISTS job_seeker_registrations_report;
    DROP TRIGGER IF EXISTS job_seekers_registrations_worker ON job_seekers;
    DROP FUNCTION IF EXISTS job_seekers_registrations_worker();
    DROP TRIGGER IF EXISTS job_seeker_registrations_worker ON job_seeker_registrations;
    DROP FUNCTION IF EXISTS job_seeker_registrations_worker();
    ALTER TABLE job_seeker_registrations DROP COLUMN IF EXISTS worker_id;
  `);
};
