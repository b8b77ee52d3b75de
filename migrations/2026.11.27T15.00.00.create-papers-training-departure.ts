import type { Migration } from '../server/db/migrate';

// The facts the law's deadlines hang on: files and papers, training with daily attendance, departure, return
// and liquidation details (DOMAIN.md §1.9, §1.11, §3.5, §12; R1, R13, R17, R19–R22).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    -- Uploaded and generated files, behind server/shared/files.ts (a deployment may move them to object storage).
    CREATE TABLE files (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      mime text NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
      size integer NOT NULL CHECK (size > 0 AND size <= 10485760),
      name text NOT NULL,
      content bytea NOT NULL,
      uploaded_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (octet_length(content) = size)
    );

    CREATE TABLE papers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('passport', 'health_certificate', 'criminal_record', 'orientation_certificate', 'visa', 'work_permit')),
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      case_id bigint REFERENCES cases (id) ON DELETE RESTRICT,
      number text NOT NULL CHECK (btrim(number) <> ''),
      issuing_body text,
      issued_on date NOT NULL,
      expires_on date CHECK (expires_on IS NULL OR expires_on >= issued_on),
      file_id bigint REFERENCES files (id) ON DELETE RESTRICT,
      -- an orientation certificate is issued for one sender, job and market (R19, DOMAIN.md §14)
      sender_agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      job_category text,
      market varchar(2) REFERENCES countries (code) ON DELETE RESTRICT,
      enrolment_id bigint,
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind IN ('visa', 'work_permit')) = (case_id IS NOT NULL)),
      CHECK (kind <> 'orientation_certificate' OR (sender_agency_id IS NOT NULL AND market IS NOT NULL AND expires_on IS NOT NULL))
    );
    CREATE INDEX papers_worker ON papers (worker_id, kind, expires_on);
    CREATE INDEX papers_case ON papers (case_id, kind) WHERE case_id IS NOT NULL;

    CREATE TABLE courses (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('orientation', 'language', 'vocational')),
      name text NOT NULL CHECK (btrim(name) <> ''),
      provider text NOT NULL CHECK (btrim(provider) <> ''),
      market varchar(2) REFERENCES countries (code) ON DELETE RESTRICT,
      job_category text,
      periods integer NOT NULL CHECK (periods > 0),
      starts_on date NOT NULL,
      ends_on date NOT NULL CHECK (ends_on >= starts_on),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind <> 'orientation' OR market IS NOT NULL)
    );
    CREATE INDEX courses_agency ON courses (agency_id, starts_on);

    CREATE TABLE enrolments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      course_id bigint NOT NULL REFERENCES courses (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      case_id bigint REFERENCES cases (id) ON DELETE RESTRICT,
      result text NOT NULL DEFAULT 'enrolled' CHECK (result IN ('enrolled', 'passed', 'failed', 'dropped')),
      certificate_number text,
      certificate_date date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (course_id, worker_id),
      CHECK (result <> 'passed' OR (certificate_number IS NOT NULL AND certificate_date IS NOT NULL))
    );
    ALTER TABLE papers ADD FOREIGN KEY (enrolment_id) REFERENCES enrolments (id) ON DELETE RESTRICT;

    -- Exact days, because support grants pay food and lodging per day of attendance.
    CREATE TABLE attendance (
      enrolment_id bigint NOT NULL REFERENCES enrolments (id) ON DELETE RESTRICT,
      day date NOT NULL,
      present boolean NOT NULL,
      recorded_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (enrolment_id, day)
    );

    ALTER TABLE cases
      ADD COLUMN planned_departure_on date,
      ADD COLUMN fund_contribution_paid_on date,
      ADD COLUMN worker_deposit_paid_on date,
      ADD COLUMN flight text,
      ADD COLUMN destination text,
      ADD COLUMN labour_contract_start_on date,
      ADD COLUMN labour_contract_end_on date,
      ADD COLUMN departure_override_reason text,
      ADD COLUMN return_reason text,
      ADD COLUMN return_evidence_file_id bigint REFERENCES files (id) ON DELETE RESTRICT,
      ADD COLUMN liquidation_deductions jsonb NOT NULL DEFAULT '[]',
      ADD CONSTRAINT cases_contract_dates CHECK (labour_contract_end_on IS NULL OR labour_contract_start_on IS NULL OR labour_contract_end_on > labour_contract_start_on);
    CREATE INDEX cases_departed ON cases (agency_id, departed_on) WHERE departed_on IS NOT NULL;

    CREATE TABLE case_extensions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      case_id bigint NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
      previous_end_on date NOT NULL,
      new_end_on date NOT NULL CHECK (new_end_on > previous_end_on),
      fee_vnd bigint NOT NULL DEFAULT 0 CHECK (fee_vnd >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    -- R20: three registered-mail notices inside the 180 days allow a unilateral liquidation.
    CREATE TABLE case_notices (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      case_id bigint NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
      sent_on date NOT NULL,
      postal_receipt_number text NOT NULL CHECK (btrim(postal_receipt_number) <> ''),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (case_id, postal_receipt_number)
    );
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS case_notices, case_extensions;
    DROP INDEX IF EXISTS cases_departed;
    ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_contract_dates,
      DROP COLUMN IF EXISTS planned_departure_on, DROP COLUMN IF EXISTS fund_contribution_paid_on, DROP COLUMN IF EXISTS worker_deposit_paid_on,
      DROP COLUMN IF EXISTS flight, DROP COLUMN IF EXISTS destination, DROP COLUMN IF EXISTS labour_contract_start_on,
      DROP COLUMN IF EXISTS labour_contract_end_on, DROP COLUMN IF EXISTS departure_override_reason, DROP COLUMN IF EXISTS return_reason,
      DROP COLUMN IF EXISTS return_evidence_file_id, DROP COLUMN IF EXISTS liquidation_deductions;
    DROP TABLE IF EXISTS attendance;
    ALTER TABLE papers DROP CONSTRAINT IF EXISTS papers_enrolment_id_fkey;
    DROP TABLE IF EXISTS enrolments, courses, papers, files;
  `);
};
