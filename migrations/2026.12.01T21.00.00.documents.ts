import type { Migration } from '../server/db/migrate';

// Generated documents (issue 16, DOMAIN.md §8):
// - a counter per (issuer, document type, year), locked in the issuing transaction: numbers gapless from 1 each
//   1 January, and a unique index behind them;
// - the document: template and version, the data snapshot it is drawn from, its number, the PDF (file store) and its
//   sha256 once rendered, its status (rendering → issued; revoked or superseded, with reason, actor and successor);
// - verifications of the public /verify page, logged (time, address, result).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE document_counters (
      issuer_key text NOT NULL CHECK (issuer_key ~ '^[a-z]+:[0-9A-Za-z]+$'),
      doc_type text NOT NULL CHECK (doc_type ~ '^[A-ZĐ]+$'),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      last_number integer NOT NULL CHECK (last_number > 0),
      PRIMARY KEY (issuer_key, doc_type, year)
    );

    -- a batch issue for many cases: worked by a durable job, its progress read by the page, its PDFs zipped on download
    CREATE TABLE document_batches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      template text NOT NULL,
      agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      requested_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      subject_ids text[] NOT NULL CHECK (cardinality(subject_ids) BETWEEN 1 AND 500),
      total integer NOT NULL CHECK (total = cardinality(subject_ids)),
      done integer NOT NULL DEFAULT 0 CHECK (done >= 0),
      failed integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
      errors jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done')),
      created_at timestamptz NOT NULL,
      finished_at timestamptz,
      CHECK (done + failed <= total)
    );

    CREATE TABLE documents (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      template text NOT NULL CHECK (template ~ '^[a-z_]+$'),
      template_version integer NOT NULL CHECK (template_version > 0),
      issuer_key text NOT NULL,
      doc_type text NOT NULL,
      year integer NOT NULL,
      number integer NOT NULL CHECK (number > 0),
      number_text text NOT NULL,
      subject_type text NOT NULL CHECK (subject_type IN ('case', 'worker', 'job_order', 'enrolment', 'agency_period')),
      subject_id text NOT NULL,
      agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      worker_id bigint REFERENCES workers (id) ON DELETE RESTRICT,
      holder_name text,
      snapshot jsonb NOT NULL,
      snapshot_digest char(64) NOT NULL CHECK (snapshot_digest ~ '^[0-9a-f]{64}$'),
      verify_code text NOT NULL CHECK (verify_code ~ '^[0-9A-HJKMNP-TV-Z]{12}$'),
      key_id text NOT NULL,
      signature text NOT NULL,
      status text NOT NULL DEFAULT 'rendering' CHECK (status IN ('rendering', 'issued', 'revoked', 'superseded')),
      status_reason text,
      superseded_by_id bigint REFERENCES documents (id) ON DELETE RESTRICT,
      supersedes_id bigint REFERENCES documents (id) ON DELETE RESTRICT,
      file_id bigint REFERENCES files (id) ON DELETE RESTRICT,
      pdf_sha256 char(64) CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
      issued_on date NOT NULL,
      issued_at timestamptz NOT NULL,
      issued_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      status_changed_at timestamptz,
      status_changed_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      batch_id bigint REFERENCES document_batches (id) ON DELETE RESTRICT,
      FOREIGN KEY (issuer_key, doc_type, year) REFERENCES document_counters (issuer_key, doc_type, year),
      CHECK (status = 'rendering' OR status = 'issued' OR btrim(coalesce(status_reason, '')) <> ''),
      CHECK (status <> 'superseded' OR superseded_by_id IS NOT NULL),
      CHECK ((status = 'rendering') = (file_id IS NULL))
    );
    CREATE UNIQUE INDEX documents_number ON documents (issuer_key, doc_type, year, number);
    CREATE UNIQUE INDEX documents_verify_code ON documents (verify_code);
    CREATE INDEX documents_subject ON documents (subject_type, subject_id, id DESC);
    CREATE INDEX documents_worker ON documents (worker_id, id DESC) WHERE worker_id IS NOT NULL;
    CREATE INDEX documents_agency ON documents (agency_id, id DESC) WHERE agency_id IS NOT NULL;
    CREATE INDEX documents_batch ON documents (batch_id, id) WHERE batch_id IS NOT NULL;

    -- an issued document never changes: only its status moves (issued → revoked / superseded), once
    CREATE FUNCTION documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'documents are never deleted' USING ERRCODE = 'check_violation'; END IF;
      IF (NEW.template, NEW.template_version, NEW.number_text, NEW.snapshot, NEW.snapshot_digest, NEW.verify_code,
          NEW.signature, NEW.issued_on, NEW.issuer_key, NEW.number)
         IS DISTINCT FROM (OLD.template, OLD.template_version, OLD.number_text, OLD.snapshot, OLD.snapshot_digest,
          OLD.verify_code, OLD.signature, OLD.issued_on, OLD.issuer_key, OLD.number) THEN
        RAISE EXCEPTION 'an issued document never changes' USING ERRCODE = 'check_violation';
      END IF;
      IF OLD.file_id IS NOT NULL AND NEW.file_id IS DISTINCT FROM OLD.file_id THEN
        RAISE EXCEPTION 'a rendered document keeps its PDF' USING ERRCODE = 'check_violation';
      END IF;
      IF OLD.status IN ('revoked', 'superseded') AND NEW.status IS DISTINCT FROM OLD.status THEN
        RAISE EXCEPTION 'a revoked or superseded document stays so' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER documents_guard BEFORE UPDATE OR DELETE ON documents FOR EACH ROW EXECUTE FUNCTION documents_guard();

    CREATE TABLE document_verifications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      client_address text,
      code text NOT NULL CHECK (length(code) <= 40),
      result text NOT NULL CHECK (result IN ('valid', 'revoked', 'superseded', 'rendering', 'unknown', 'bad_signature', 'limited')),
      document_id bigint REFERENCES documents (id) ON DELETE RESTRICT
    );
    CREATE INDEX document_verifications_at ON document_verifications (at);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS document_verifications;
    DROP TABLE IF EXISTS documents;
    DROP TABLE IF EXISTS document_batches;
    DROP FUNCTION IF EXISTS documents_guard();
    DROP TABLE IF EXISTS document_counters;
  `);
};
