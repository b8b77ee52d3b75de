import type { Migration } from '../server/db/migrate';

// The national population database (issue 22; DOMAIN.md §15.5, §7, §9): a worker's verified identity, the log of every
// request to and answer from the population database (Decree 47/2020 Art 45: append-only), the batch request files
// and their result rows (đối soát), the corrections an officer must accept before they are applied, and the suspected
// duplicates a corrected CCCD reveals (held for the admin, never applied). The file store also takes CSV and XLSX
// files up to 50 MB for imports and exports; PDFs and images keep their 10 MB bound.
const DOCUMENT_MIMES = `'application/pdf', 'image/jpeg', 'image/png'`;
const DATA_MIMES = `'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'`;

export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE files DROP CONSTRAINT files_mime_check;
    ALTER TABLE files DROP CONSTRAINT files_size_check;
    ALTER TABLE files ADD CONSTRAINT files_mime_check CHECK (mime IN (${DOCUMENT_MIMES}, ${DATA_MIMES}));
    ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (
      size > 0 AND size <= CASE WHEN mime IN (${DATA_MIMES}) THEN 52428800 ELSE 10485760 END
    );

    -- Decree 318/2025: the identity fields verified from the population database. While verified, full name, CCCD,
    -- date of birth and sex change only through re-verification: the re-verification function (workers.identity.ts)
    -- raises a transaction-local flag around its one UPDATE, which also sets the new verification; clearing the
    -- verification (identity_verified_at set to NULL in the same UPDATE) is the other way.
    ALTER TABLE workers
      ADD COLUMN identity_verified_at timestamptz,
      ADD COLUMN identity_verified_method text
        CHECK (identity_verified_method IN ('chip_card', 'vneid', 'paper', 'batch_file', 'http')),
      ADD COLUMN identity_verified_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      ADD CONSTRAINT workers_identity_verified_whole
        CHECK ((identity_verified_at IS NULL) = (identity_verified_method IS NULL));
    CREATE INDEX workers_identity_unverified ON workers (id) WHERE identity_verified_at IS NULL;

    CREATE FUNCTION workers_verified_identity_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.identity_verified_at IS NOT NULL
         AND NEW.identity_verified_at IS NOT NULL
         AND coalesce(current_setting('hanh_trang.identity_reverify', true), '') <> 'on'
         AND (NEW.full_name IS DISTINCT FROM OLD.full_name OR NEW.cccd IS DISTINCT FROM OLD.cccd
              OR NEW.date_of_birth IS DISTINCT FROM OLD.date_of_birth OR NEW.sex IS DISTINCT FROM OLD.sex) THEN
        RAISE EXCEPTION 'workers %: verified identity fields change only through re-verification', OLD.id
          USING ERRCODE = 'check_violation', CONSTRAINT = 'workers_verified_identity';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER workers_verified_identity BEFORE UPDATE OF full_name, cccd, date_of_birth, sex ON workers
      FOR EACH ROW EXECUTE FUNCTION workers_verified_identity_guard();

    -- what the identity module reads of a worker (its own writes go through the workers module's index)
    CREATE VIEW worker_identity_facts AS
      SELECT id, full_name, full_name_folded, cccd, date_of_birth, sex, province_code, commune_code,
             identity_verified_at, identity_verified_method, identity_verified_by_user_id
      FROM workers;

    -- a request file sent to the population database (or its provincial sharing platform) and its answer
    CREATE TABLE identity_batches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- who may see it: the centre or agency that made it, a commune officer's commune, or an admin's (all)
      agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      commune_code varchar(5) REFERENCES communes (code) ON DELETE RESTRICT,
      created_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL,
      selection text NOT NULL CHECK (selection IN ('scope', 'unverified', 'commune')),
      selection_commune_code varchar(5),
      row_count integer NOT NULL CHECK (row_count > 0),
      -- the result file and its import (a durable job counting progress the page polls)
      result_file_id bigint REFERENCES files (id) ON DELETE RESTRICT,
      import_status text NOT NULL DEFAULT 'none'
        CHECK (import_status IN ('none', 'queued', 'reading', 'comparing', 'done', 'failed')),
      import_total integer NOT NULL DEFAULT 0 CHECK (import_total >= 0),
      import_done integer NOT NULL DEFAULT 0 CHECK (import_done >= 0),
      import_error text,
      imported_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      import_started_at timestamptz,
      import_finished_at timestamptz,
      unknown_rows integer NOT NULL DEFAULT 0,
      -- lines of the result file that could not be read: how many, and the first reasons (line number, message)
      bad_lines integer NOT NULL DEFAULT 0,
      line_problems jsonb NOT NULL DEFAULT '[]',
      CHECK (NOT (agency_id IS NOT NULL AND commune_code IS NOT NULL)),
      CHECK ((import_status = 'none') = (result_file_id IS NULL))
    );
    CREATE INDEX identity_batches_agency ON identity_batches (agency_id, id DESC) WHERE agency_id IS NOT NULL;
    CREATE INDEX identity_batches_commune ON identity_batches (commune_code, id DESC) WHERE commune_code IS NOT NULL;

    -- each row of a request file (the identity as sent) and what the result file answered for it
    CREATE TABLE identity_batch_rows (
      batch_id bigint NOT NULL REFERENCES identity_batches (id) ON DELETE RESTRICT,
      row_no integer NOT NULL CHECK (row_no > 0),
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      cccd varchar(12) NOT NULL,
      full_name text NOT NULL,
      date_of_birth date NOT NULL,
      sex text NOT NULL CHECK (sex IN ('male', 'female')),
      outcome text CHECK (outcome IN ('matched', 'mismatch', 'not_found', 'collision')),
      mismatched_fields text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (batch_id, row_no),
      UNIQUE (batch_id, worker_id)
    );
    CREATE INDEX identity_batch_rows_cccd ON identity_batch_rows (batch_id, cccd);
    CREATE INDEX identity_batch_rows_outcome ON identity_batch_rows (batch_id, outcome, row_no);

    -- the result file as read (one row per line); the comparison is one statement over these
    CREATE TABLE identity_result_rows (
      batch_id bigint NOT NULL REFERENCES identity_batches (id) ON DELETE RESTRICT,
      line_no integer NOT NULL,
      row_no integer,
      cccd varchar(12),
      found boolean NOT NULL,
      full_name text,
      date_of_birth date,
      sex text CHECK (sex IN ('male', 'female')),
      corrected_cccd varchar(12) CHECK (corrected_cccd ~ '^[0-9]{12}$'),
      PRIMARY KEY (batch_id, line_no)
    );
    CREATE INDEX identity_result_rows_row ON identity_result_rows (batch_id, row_no);

    -- Decree 47/2020 Art 45: every request to and answer from the population database, whatever the adapter:
    -- who, when, which record, which fields were sent and answered, the adapter, the result. Append-only.
    CREATE TABLE identity_verification_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      actor_role text NOT NULL,
      agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      commune_code varchar(5),
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      direction text NOT NULL CHECK (direction IN ('request', 'answer')),
      adapter text NOT NULL CHECK (adapter IN ('manual', 'batch_file', 'http')),
      method text CHECK (method IN ('chip_card', 'vneid', 'paper', 'batch_file', 'http')),
      batch_id bigint REFERENCES identity_batches (id) ON DELETE RESTRICT,
      batch_row_no integer,
      fields_sent text[] NOT NULL DEFAULT '{}',
      fields_answered text[] NOT NULL DEFAULT '{}',
      result text CHECK (result IN ('verified', 'mismatch', 'not_found')),
      mismatched_fields text[] NOT NULL DEFAULT '{}',
      request_id text,
      CHECK ((direction = 'answer') = (result IS NOT NULL))
    );
    CREATE INDEX identity_verification_log_worker ON identity_verification_log (worker_id, id DESC);
    CREATE INDEX identity_verification_log_batch ON identity_verification_log (batch_id) WHERE batch_id IS NOT NULL;
    CREATE TRIGGER identity_verification_log_append_only BEFORE UPDATE OR DELETE ON identity_verification_log
      FOR EACH ROW EXECUTE FUNCTION refuse_change();

    -- what the registry (or the card an officer read) says differs: applied only once an officer accepts it
    CREATE TABLE identity_corrections (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      source text NOT NULL CHECK (source IN ('manual', 'batch_file', 'http')),
      method text NOT NULL CHECK (method IN ('chip_card', 'vneid', 'paper', 'batch_file', 'http')),
      batch_id bigint REFERENCES identity_batches (id) ON DELETE RESTRICT,
      batch_row_no integer,
      fields text[] NOT NULL CHECK (cardinality(fields) > 0
        AND fields <@ ARRAY['full_name', 'date_of_birth', 'sex', 'cccd']::text[]),
      full_name text,
      date_of_birth date,
      sex text CHECK (sex IN ('male', 'female')),
      cccd varchar(12) CHECK (cccd ~ '^[0-9]{12}$'),
      status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
      proposed_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      proposed_at timestamptz NOT NULL,
      decided_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      decided_at timestamptz,
      CHECK ((status = 'proposed') = (decided_at IS NULL)),
      CHECK ((batch_id IS NULL) = (batch_row_no IS NULL)),
      UNIQUE (batch_id, batch_row_no)
    );
    CREATE INDEX identity_corrections_worker ON identity_corrections (worker_id, id DESC);
    CREATE INDEX identity_corrections_batch ON identity_corrections (batch_id, status) WHERE batch_id IS NOT NULL;
    -- one open proposal per worker at a time: a newer one replaces (rejects) the older
    CREATE UNIQUE INDEX identity_corrections_open ON identity_corrections (worker_id) WHERE status = 'proposed';

    -- a corrected CCCD that already belongs to another worker: never applied, held for the admin
    CREATE TABLE identity_duplicates (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      other_worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      cccd varchar(12) NOT NULL,
      batch_id bigint REFERENCES identity_batches (id) ON DELETE RESTRICT,
      batch_row_no integer,
      found_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'not_same_person', 'same_person')),
      kept_worker_id bigint REFERENCES workers (id) ON DELETE RESTRICT,
      note text CHECK (note IS NULL OR char_length(note) <= 2000),
      decided_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      decided_at timestamptz,
      CHECK (worker_id <> other_worker_id),
      CHECK ((status = 'open') = (decided_at IS NULL)),
      CHECK (status <> 'same_person' OR kept_worker_id IN (worker_id, other_worker_id)),
      CHECK (status = 'same_person' OR kept_worker_id IS NULL),
      UNIQUE (batch_id, batch_row_no)
    );
    CREATE INDEX identity_duplicates_open ON identity_duplicates (id DESC) WHERE status = 'open';
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS identity_duplicates;
    DROP TABLE IF EXISTS identity_corrections;
    DROP TABLE IF EXISTS identity_verification_log;
    DROP TABLE IF EXISTS identity_result_rows;
    DROP TABLE IF EXISTS identity_batch_rows;
    DROP TABLE IF EXISTS identity_batches;
    DROP VIEW IF EXISTS worker_identity_facts;
    DROP TRIGGER IF EXISTS workers_verified_identity ON workers;
    DROP FUNCTION IF EXISTS workers_verified_identity_guard();
    DROP INDEX IF EXISTS workers_identity_unverified;
    ALTER TABLE workers DROP CONSTRAINT IF EXISTS workers_identity_verified_whole,
      DROP COLUMN IF EXISTS identity_verified_by_user_id,
      DROP COLUMN IF EXISTS identity_verified_method,
      DROP COLUMN IF EXISTS identity_verified_at;
    DELETE FROM files WHERE mime IN (${DATA_MIMES});
    ALTER TABLE files DROP CONSTRAINT files_size_check;
    ALTER TABLE files DROP CONSTRAINT files_mime_check;
    ALTER TABLE files ADD CONSTRAINT files_mime_check CHECK (mime IN (${DOCUMENT_MIMES}));
    ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (size > 0 AND size <= 10485760);
  `);
};
