import type { Migration } from '../server/db/migrate';

// The worker portal (issue 15):
// - every case gets a code a worker can read out: 10 characters of Crockford base32, random (50 bits from
//   gen_random_uuid(), skipping the version nibble's byte), never sequential; a column default, so COPY fills it too;
// - one-time activation codes, stored only as a keyed hash, valid 14 days, used once;
// - attempts counted in PostgreSQL (the public lookup and activation), so several app processes share the count;
// - papers a worker sends from her phone, waiting for the agency to accept (a paper is then made) or return them;
// - worker_directory also gives the phone (sign-in by phone number); case_placements the case code.
const PLACEMENTS = `id, worker_id, job_order_id, agency_id, state, planned_departure_on, departed_on, flight, destination,
  labour_contract_start_on, labour_contract_end_on, departure_override_reason, database_updated_on, selected_on,
  returned_on, liquidated_on`;

export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE FUNCTION new_case_code() RETURNS text LANGUAGE sql VOLATILE AS $$
      SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', get_byte(b, i) % 32 + 1, 1), '' ORDER BY i)
      FROM (SELECT uuid_send(gen_random_uuid()) AS b) u, unnest(ARRAY[0, 1, 2, 3, 4, 5, 7, 9, 10, 11]) AS i
    $$;
    ALTER TABLE cases ADD COLUMN code text;
    UPDATE cases SET code = new_case_code();
    ALTER TABLE cases ALTER COLUMN code SET DEFAULT new_case_code(), ALTER COLUMN code SET NOT NULL,
      ADD CONSTRAINT cases_code_format CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{10}$');
    CREATE UNIQUE INDEX cases_code ON cases (code);
    -- a worker's own cases, newest first (the portal on every page; a worker's documents)
    CREATE INDEX cases_worker ON cases (worker_id, created_at DESC, id DESC);

    CREATE TABLE activation_codes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      code_hash char(64) NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
      issued_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz,
      CHECK (expires_at > issued_at),
      CHECK (used_at IS NULL OR revoked_at IS NULL)
    );
    CREATE UNIQUE INDEX activation_codes_hash ON activation_codes (code_hash);
    CREATE INDEX activation_codes_worker ON activation_codes (worker_id) WHERE used_at IS NULL AND revoked_at IS NULL;

    CREATE TABLE portal_attempts (
      bucket text PRIMARY KEY CHECK (length(bucket) <= 200),
      window_started_at timestamptz NOT NULL,
      attempts integer NOT NULL CHECK (attempts >= 0)
    );

    CREATE TABLE paper_submissions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('passport', 'health_certificate', 'criminal_record')),
      file_id bigint NOT NULL REFERENCES files (id) ON DELETE RESTRICT,
      note text CHECK (note IS NULL OR length(note) <= 500),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'returned')),
      return_reason text,
      paper_id bigint REFERENCES papers (id) ON DELETE RESTRICT,
      submitted_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      submitted_at timestamptz NOT NULL,
      reviewed_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      reviewed_at timestamptz,
      CHECK (status <> 'returned' OR btrim(coalesce(return_reason, '')) <> ''),
      CHECK (status <> 'accepted' OR paper_id IS NOT NULL),
      CHECK ((status = 'pending') = (reviewed_at IS NULL))
    );
    CREATE INDEX paper_submissions_worker ON paper_submissions (worker_id, submitted_at DESC);

    CREATE OR REPLACE VIEW worker_directory AS
      SELECT id, full_name, full_name_folded, cccd, date_of_birth, sex, province_code, commune_code, phone FROM workers;
    CREATE OR REPLACE VIEW case_placements AS SELECT ${PLACEMENTS}, code FROM cases;
    -- papers: which papers and sent papers are a worker's (the portal's "who looked at my file")
    CREATE VIEW worker_paper_refs AS
      SELECT 'paper'::text AS subject_type, id, worker_id FROM papers
      UNION ALL SELECT 'paper_submission'::text, id, worker_id FROM paper_submissions;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP VIEW IF EXISTS worker_paper_refs;
    DROP VIEW case_placements;
    CREATE VIEW case_placements AS SELECT ${PLACEMENTS} FROM cases;
    DROP VIEW worker_directory;
    CREATE VIEW worker_directory AS
      SELECT id, full_name, full_name_folded, cccd, date_of_birth, sex, province_code, commune_code FROM workers;
    DROP TABLE IF EXISTS paper_submissions;
    DROP TABLE IF EXISTS portal_attempts;
    DROP TABLE IF EXISTS activation_codes;
    DROP INDEX IF EXISTS cases_worker;
    ALTER TABLE cases DROP COLUMN IF EXISTS code;
    DROP FUNCTION IF EXISTS new_case_code();
  `);
};
