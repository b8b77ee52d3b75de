import type { Migration } from '../server/db/migrate';

// Support grants, part 2 (issue 19): decisions, payment and the budget picture.
// - grant_decisions: a province's support decision (Quyết định hỗ trợ) over 1–500 certified applications of one
//   programme and funding source; approved in one transaction (transitions, commitments, the number) or refused
//   whole; a correction is a new decision that supersedes it (one correction per decision: a unique index);
// - grant_decision_lines: its annex, one line per application, with the amount and the worker's extract document;
// - grant_applications: paid and closed states; the decision it belongs to; the payment (method, reference, date,
//   the ledger entry of kind support_paid);
// - document_register: the documents module's read view (number, date, status, subject) for the decisions;
// - grant_budget_movements: every change of a budget's committed and paid sums, dated (append-only): the budget
//   picture per month is their sum, and the budget row's sums are checked against them in the tests.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE grant_applications DROP CONSTRAINT grant_applications_state_check;
    ALTER TABLE grant_applications ADD CONSTRAINT grant_applications_state_check
      CHECK (state IN ('draft', 'submitted', 'certified', 'returned', 'approved', 'rejected', 'paid', 'closed'));
    ALTER TABLE grant_applications DROP CONSTRAINT grant_applications_check;
    ALTER TABLE grant_applications ADD CONSTRAINT grant_applications_approved_amount
      CHECK (state NOT IN ('approved', 'paid', 'closed')
             OR (approved_vnd IS NOT NULL AND fiscal_year IS NOT NULL AND funding_source IS NOT NULL));

    CREATE TABLE grant_decisions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      province_code varchar(2) NOT NULL,
      programme_code text NOT NULL REFERENCES grant_programmes (code) ON DELETE RESTRICT,
      funding_source text NOT NULL CHECK (funding_source IN ('central', 'local')),
      fiscal_year integer CHECK (fiscal_year BETWEEN 2000 AND 2100),
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'checking', 'committing', 'issued', 'refused', 'superseded')),
      application_ids bigint[] NOT NULL CHECK (cardinality(application_ids) BETWEEN 1 AND 500),
      total integer NOT NULL CHECK (total = cardinality(application_ids)),
      checked integer NOT NULL DEFAULT 0 CHECK (checked >= 0 AND checked <= total),
      total_vnd bigint CHECK (total_vnd >= 0),
      refusal jsonb,
      document_id bigint REFERENCES documents (id) ON DELETE RESTRICT,
      series_id bigint REFERENCES grant_decisions (id) ON DELETE RESTRICT,
      supersedes_id bigint REFERENCES grant_decisions (id) ON DELETE RESTRICT,
      superseded_by_id bigint REFERENCES grant_decisions (id) ON DELETE RESTRICT,
      reason text CHECK (length(reason) <= 1000),
      decided_on date,
      requested_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      CHECK (status <> 'issued' OR (document_id IS NOT NULL AND total_vnd IS NOT NULL AND decided_on IS NOT NULL)),
      CHECK (status <> 'superseded' OR superseded_by_id IS NOT NULL),
      CHECK (status <> 'refused' OR refusal IS NOT NULL)
    );
    CREATE INDEX grant_decisions_province ON grant_decisions (province_code, id DESC);
    CREATE UNIQUE INDEX grant_decisions_one_correction ON grant_decisions (supersedes_id) WHERE supersedes_id IS NOT NULL;

    CREATE TABLE grant_decision_lines (
      decision_id bigint NOT NULL REFERENCES grant_decisions (id) ON DELETE RESTRICT,
      grant_application_id bigint NOT NULL REFERENCES grant_applications (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      amount_vnd bigint NOT NULL CHECK (amount_vnd > 0 AND amount_vnd <= 1000000000),
      extract_document_id bigint REFERENCES documents (id) ON DELETE RESTRICT,
      PRIMARY KEY (decision_id, grant_application_id)
    );
    CREATE INDEX grant_decision_lines_application ON grant_decision_lines (grant_application_id, decision_id);
    CREATE INDEX grant_decision_lines_worker ON grant_decision_lines (worker_id, decision_id);

    ALTER TABLE grant_applications
      ADD COLUMN decision_id bigint REFERENCES grant_decisions (id) ON DELETE RESTRICT,
      ADD COLUMN paid_vnd bigint CHECK (paid_vnd > 0),
      ADD COLUMN paid_on date CHECK (paid_on BETWEEN '2000-01-01' AND '2100-12-31'),
      ADD COLUMN payment_method text CHECK (payment_method IN ('cash', 'bank_transfer')),
      ADD COLUMN payment_reference text CHECK (length(payment_reference) BETWEEN 1 AND 100),
      ADD COLUMN ledger_entry_id bigint REFERENCES ledger_entries (id) ON DELETE RESTRICT,
      ADD COLUMN paid_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      ADD CONSTRAINT grant_applications_payment
        CHECK (state NOT IN ('paid', 'closed')
               OR (paid_vnd IS NOT NULL AND paid_on IS NOT NULL AND payment_method IS NOT NULL
                   AND payment_reference IS NOT NULL AND paid_vnd = approved_vnd));
    CREATE INDEX grant_applications_decision ON grant_applications (decision_id) WHERE decision_id IS NOT NULL;

    CREATE TABLE grant_budget_movements (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      budget_id bigint NOT NULL REFERENCES grant_budgets (id) ON DELETE RESTRICT,
      on_date date NOT NULL CHECK (on_date BETWEEN '2000-01-01' AND '2100-12-31'),
      kind text NOT NULL CHECK (kind IN ('commit', 'release', 'pay')),
      amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
      grant_application_id bigint REFERENCES grant_applications (id) ON DELETE RESTRICT,
      decision_id bigint REFERENCES grant_decisions (id) ON DELETE RESTRICT,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX grant_budget_movements_budget ON grant_budget_movements (budget_id, on_date);
    CREATE TRIGGER grant_budget_movements_append_only BEFORE UPDATE OR DELETE ON grant_budget_movements
      FOR EACH ROW EXECUTE FUNCTION refuse_change();
    -- the approvals of part 1 are commitments of their approval date
    INSERT INTO grant_budget_movements (budget_id, on_date, kind, amount_vnd, grant_application_id)
      SELECT b.id, g.decided_on, 'commit', g.approved_vnd, g.id
      FROM grant_applications g JOIN grant_budgets b ON b.province_code = g.province_code
        AND b.fiscal_year = g.fiscal_year AND b.programme_code = g.programme_code AND b.source = g.funding_source
      WHERE g.state = 'approved' AND g.approved_vnd > 0;

    ALTER TABLE documents DROP CONSTRAINT documents_subject_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_subject_type_check
      CHECK (subject_type IN ('case', 'worker', 'job_order', 'enrolment', 'agency_period', 'ledger_entry',
                              'grant_decision', 'grant_application'));
    CREATE INDEX documents_issuer ON documents (issuer_key, id DESC);
    -- what other modules may read of a document: its number, date, status and subject (never its snapshot)
    CREATE VIEW document_register AS
      SELECT id, template, subject_type, subject_id, number_text, issued_on, status FROM documents;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP VIEW IF EXISTS document_register;
    DROP INDEX IF EXISTS documents_issuer;
    -- decisions issued stay (issued documents never change); new ones can no longer be made
    ALTER TABLE documents DROP CONSTRAINT documents_subject_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_subject_type_check
      CHECK (subject_type IN ('case', 'worker', 'job_order', 'enrolment', 'agency_period', 'ledger_entry')) NOT VALID;
    DROP TABLE grant_budget_movements;
    ALTER TABLE grant_applications DROP CONSTRAINT grant_applications_payment,
      DROP COLUMN decision_id, DROP COLUMN paid_vnd, DROP COLUMN paid_on, DROP COLUMN payment_method,
      DROP COLUMN payment_reference, DROP COLUMN ledger_entry_id, DROP COLUMN paid_by_user_id;
    DROP TABLE grant_decision_lines;
    DROP TABLE grant_decisions;
    -- paid and closed applications go back to approved (their ledger entries stay: the ledger is append-only)
    UPDATE grant_applications SET state = 'approved' WHERE state IN ('paid', 'closed');
    ALTER TABLE grant_applications DROP CONSTRAINT grant_applications_approved_amount;
    ALTER TABLE grant_applications ADD CONSTRAINT grant_applications_check
      CHECK (state <> 'approved' OR (approved_vnd IS NOT NULL AND fiscal_year IS NOT NULL AND funding_source IS NOT NULL));
    ALTER TABLE grant_applications DROP CONSTRAINT grant_applications_state_check;
    ALTER TABLE grant_applications ADD CONSTRAINT grant_applications_state_check
      CHECK (state IN ('draft', 'submitted', 'certified', 'returned', 'approved', 'rejected'));
  `);
};
