import type { Migration } from '../server/db/migrate';

// Worker money (issue 17, DOMAIN.md §1.6–1.8, §2.2, §2.7, §5.1; R6–R14, R20–R22):
// - deposit_accounts: the blocked account in the worker's name a deposit goes into (R10), one per case, with the
//   tripartite agreement and, for R10, the day the employer accepted the worker;
// - ledger_entries: append-only (a trigger refuses UPDATE and DELETE); a correction is a `reverses` entry of the same
//   case, kind and amount, counted negative; an idempotency key unique per agency;
// - ledger_balances: the sums per case kept by a trigger in the inserting transaction. Its CHECKs are the database's
//   own word on the invariants: a deposit held never below zero (two refunds racing: the second's balance update
//   waits on the first's row lock, then fails the CHECK), fees refunded never above fees paid.
// - The typed dates cases carried (fund_contribution_paid_on, worker_deposit_paid_on) become entries marked
//   "migrated, no evidence", and the columns go (a breaking API change: PATCH /cases/:id no longer takes them).
// - case_placements gains the dates and outcome money reads; job_order_terms the deposit holder.
const PLACEMENTS = `id, worker_id, job_order_id, agency_id, state, planned_departure_on, departed_on, flight, destination,
  labour_contract_start_on, labour_contract_end_on, departure_override_reason, database_updated_on, selected_on,
  returned_on, liquidated_on`;
const KINDS = [
  'deposit_received',
  'deposit_interest',
  'deposit_deduction',
  'deposit_refunded',
  'service_fee_due',
  'service_fee_paid',
  'service_fee_refund',
  'fund_contribution_paid',
  'other_cost_paid',
  'support_paid',
];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE deposit_accounts (
      case_id bigint PRIMARY KEY REFERENCES cases (id) ON DELETE RESTRICT,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      holder text NOT NULL CHECK (holder IN ('commercial_bank', 'vbsp')),
      bank_name text NOT NULL CHECK (length(bank_name) BETWEEN 2 AND 200),
      bank_branch text CHECK (length(bank_branch) <= 200),
      account_number text NOT NULL CHECK (account_number ~ '^[0-9A-Z-]{4,34}$'),
      account_holder_name text NOT NULL CHECK (length(account_holder_name) BETWEEN 2 AND 200),
      agreement_number text CHECK (length(agreement_number) <= 50),
      agreement_on date NOT NULL CHECK (agreement_on BETWEEN '1900-01-01' AND '2100-12-31'),
      employer_accepted_on date CHECK (employer_accepted_on BETWEEN '1900-01-01' AND '2100-12-31'),
      from_loan boolean NOT NULL DEFAULT false,
      loan_amount_vnd bigint CHECK (loan_amount_vnd >= 0),
      CHECK (from_loan OR loan_amount_vnd IS NULL),
      recorded_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE ledger_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      case_id bigint NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN (${list(KINDS)})),
      component text NOT NULL DEFAULT 'principal' CHECK (component IN ('principal', 'interest')),
      category text CHECK (category IN ('passport', 'visa', 'health_check', 'criminal_record', 'training', 'airfare', 'lodging', 'other')),
      amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
      occurred_on date NOT NULL CHECK (occurred_on BETWEEN '1900-01-01' AND '2100-12-31'),
      payer text NOT NULL CHECK (length(payer) BETWEEN 1 AND 200),
      payee text NOT NULL CHECK (length(payee) BETWEEN 1 AND 200),
      method text NOT NULL CHECK (method IN ('cash', 'bank_transfer', 'blocked_account', 'offset', 'migrated')),
      reference text CHECK (length(reference) <= 100),
      evidence_file_id bigint REFERENCES files (id) ON DELETE RESTRICT,
      interest_rate_percent numeric(6, 3) CHECK (interest_rate_percent >= 0 AND interest_rate_percent <= 100),
      interest_days integer CHECK (interest_days >= 0),
      deduction_index integer CHECK (deduction_index >= 0),
      note text CHECK (length(note) <= 1000),
      migrated boolean NOT NULL DEFAULT false,
      reverses_id bigint UNIQUE REFERENCES ledger_entries (id) ON DELETE RESTRICT,
      actor_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 8 AND 220),
      request_digest char(64) NOT NULL,
      verdicts jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (agency_id, idempotency_key),
      CHECK ((kind = 'other_cost_paid') = (category IS NOT NULL)),
      CHECK (kind = 'deposit_deduction' OR deduction_index IS NULL),
      CHECK (component = 'principal' OR kind = 'service_fee_refund'),
      CHECK (migrated OR actor_user_id IS NOT NULL),
      -- R10: a worker deposit goes into the blocked account in her name, never cash kept by the enterprise
      CHECK (kind <> 'deposit_received' OR method IN ('blocked_account', 'migrated'))
    );
    CREATE INDEX ledger_entries_case ON ledger_entries (case_id, id);
    CREATE INDEX ledger_entries_worker ON ledger_entries (worker_id, occurred_on);
    CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION refuse_change();

    -- a reversal undoes one entry of the same case, kind, component and amount, and is never itself reversed
    CREATE FUNCTION ledger_check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE o ledger_entries%ROWTYPE;
    BEGIN
      IF NEW.reverses_id IS NULL THEN RETURN NEW; END IF;
      SELECT * INTO o FROM ledger_entries WHERE id = NEW.reverses_id;
      IF o.reverses_id IS NOT NULL THEN
        RAISE EXCEPTION 'a reversal cannot be reversed' USING ERRCODE = 'check_violation';
      END IF;
      IF o.case_id <> NEW.case_id OR o.kind <> NEW.kind OR o.component <> NEW.component OR o.amount_vnd <> NEW.amount_vnd THEN
        RAISE EXCEPTION 'a reversal must match the entry it reverses' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER ledger_entries_reversal BEFORE INSERT ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_check_reversal();

    CREATE TABLE ledger_balances (
      case_id bigint PRIMARY KEY REFERENCES cases (id) ON DELETE RESTRICT,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      deposit_received_vnd bigint NOT NULL DEFAULT 0 CHECK (deposit_received_vnd >= 0),
      deposit_interest_vnd bigint NOT NULL DEFAULT 0 CHECK (deposit_interest_vnd >= 0),
      deposit_deducted_vnd bigint NOT NULL DEFAULT 0 CHECK (deposit_deducted_vnd >= 0),
      deposit_refunded_vnd bigint NOT NULL DEFAULT 0 CHECK (deposit_refunded_vnd >= 0),
      deposit_held_vnd bigint GENERATED ALWAYS AS
        (deposit_received_vnd + deposit_interest_vnd - deposit_deducted_vnd - deposit_refunded_vnd) STORED,
      fee_due_vnd bigint NOT NULL DEFAULT 0 CHECK (fee_due_vnd >= 0),
      fee_paid_vnd bigint NOT NULL DEFAULT 0 CHECK (fee_paid_vnd >= 0),
      fee_refunded_vnd bigint NOT NULL DEFAULT 0 CHECK (fee_refunded_vnd >= 0),
      fee_refund_interest_vnd bigint NOT NULL DEFAULT 0 CHECK (fee_refund_interest_vnd >= 0),
      fund_paid_vnd bigint NOT NULL DEFAULT 0 CHECK (fund_paid_vnd >= 0),
      other_costs_vnd bigint NOT NULL DEFAULT 0 CHECK (other_costs_vnd >= 0),
      support_vnd bigint NOT NULL DEFAULT 0 CHECK (support_vnd >= 0),
      entries integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- R11: what is held never goes below zero; R12: never more refunded than paid
      CONSTRAINT deposit_never_negative CHECK (deposit_received_vnd + deposit_interest_vnd - deposit_deducted_vnd - deposit_refunded_vnd >= 0),
      CONSTRAINT fee_refund_within_paid CHECK (fee_refunded_vnd <= fee_paid_vnd)
    );
    CREATE INDEX ledger_balances_agency_held ON ledger_balances (agency_id, case_id) WHERE deposit_held_vnd > 0;
    CREATE INDEX ledger_balances_agency ON ledger_balances (agency_id);

    -- NOTE: an UPDATE first: the proposed row of an INSERT … ON CONFLICT is checked against the CHECKs before the
    -- conflict is seen, so a negative delta (a reversal, a refund) must never travel as an inserted row.
    CREATE FUNCTION ledger_apply_balance() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      s bigint := CASE WHEN NEW.reverses_id IS NULL THEN NEW.amount_vnd ELSE -NEW.amount_vnd END;
      d_rec bigint := CASE WHEN NEW.kind = 'deposit_received' THEN s ELSE 0 END;
      d_int bigint := CASE WHEN NEW.kind = 'deposit_interest' THEN s ELSE 0 END;
      d_ded bigint := CASE WHEN NEW.kind = 'deposit_deduction' THEN s ELSE 0 END;
      d_ref bigint := CASE WHEN NEW.kind = 'deposit_refunded' THEN s ELSE 0 END;
      f_due bigint := CASE WHEN NEW.kind = 'service_fee_due' THEN s ELSE 0 END;
      f_paid bigint := CASE WHEN NEW.kind = 'service_fee_paid' THEN s ELSE 0 END;
      f_ref bigint := CASE WHEN NEW.kind = 'service_fee_refund' AND NEW.component = 'principal' THEN s ELSE 0 END;
      f_int bigint := CASE WHEN NEW.kind = 'service_fee_refund' AND NEW.component = 'interest' THEN s ELSE 0 END;
      fund bigint := CASE WHEN NEW.kind = 'fund_contribution_paid' THEN s ELSE 0 END;
      other bigint := CASE WHEN NEW.kind = 'other_cost_paid' THEN s ELSE 0 END;
      sup bigint := CASE WHEN NEW.kind = 'support_paid' THEN s ELSE 0 END;
    BEGIN
      UPDATE ledger_balances SET
        deposit_received_vnd = deposit_received_vnd + d_rec, deposit_interest_vnd = deposit_interest_vnd + d_int,
        deposit_deducted_vnd = deposit_deducted_vnd + d_ded, deposit_refunded_vnd = deposit_refunded_vnd + d_ref,
        fee_due_vnd = fee_due_vnd + f_due, fee_paid_vnd = fee_paid_vnd + f_paid, fee_refunded_vnd = fee_refunded_vnd + f_ref,
        fee_refund_interest_vnd = fee_refund_interest_vnd + f_int, fund_paid_vnd = fund_paid_vnd + fund,
        other_costs_vnd = other_costs_vnd + other, support_vnd = support_vnd + sup, entries = entries + 1, updated_at = now()
      WHERE case_id = NEW.case_id;
      IF NOT FOUND THEN
        INSERT INTO ledger_balances (case_id, agency_id, worker_id, deposit_received_vnd, deposit_interest_vnd,
          deposit_deducted_vnd, deposit_refunded_vnd, fee_due_vnd, fee_paid_vnd, fee_refunded_vnd, fee_refund_interest_vnd,
          fund_paid_vnd, other_costs_vnd, support_vnd, entries)
        VALUES (NEW.case_id, NEW.agency_id, NEW.worker_id, d_rec, d_int, d_ded, d_ref, f_due, f_paid, f_ref, f_int, fund,
          other, sup, 1);
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER ledger_entries_balance AFTER INSERT ON ledger_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_apply_balance();

    -- the typed dates become entries "migrated, no evidence"
    INSERT INTO ledger_entries (case_id, agency_id, worker_id, kind, amount_vnd, occurred_on, payer, payee, method, note,
      migrated, idempotency_key, request_digest)
    SELECT c.id, c.agency_id, c.worker_id, 'fund_contribution_paid', 100000, c.fund_contribution_paid_on,
      'Người lao động', 'Quỹ Hỗ trợ việc làm ngoài nước', 'migrated', 'Chuyển từ ngày đóng Quỹ đã ghi trên hồ sơ; chưa có chứng từ',
      true, 'migrated:fund:' || c.id, repeat('0', 64)
    FROM cases c WHERE c.fund_contribution_paid_on IS NOT NULL;
    INSERT INTO ledger_entries (case_id, agency_id, worker_id, kind, amount_vnd, occurred_on, payer, payee, method, note,
      migrated, idempotency_key, request_digest)
    SELECT c.id, c.agency_id, c.worker_id, 'deposit_received', o.deposit_vnd, c.worker_deposit_paid_on,
      'Người lao động', 'Tài khoản phong tỏa (chưa ghi ngân hàng)', 'migrated', 'Chuyển từ ngày ký quỹ đã ghi trên hồ sơ; chưa có chứng từ',
      true, 'migrated:deposit:' || c.id, repeat('0', 64)
    FROM cases c JOIN job_orders o ON o.id = c.job_order_id
    WHERE c.worker_deposit_paid_on IS NOT NULL AND o.deposit_vnd > 0;
    ALTER TABLE cases DROP COLUMN fund_contribution_paid_on, DROP COLUMN worker_deposit_paid_on;

    CREATE OR REPLACE VIEW case_placements AS SELECT ${PLACEMENTS}, code, contract_signed_on, return_outcome,
      liquidation_deductions, liquidated_unilaterally FROM cases;
    CREATE OR REPLACE VIEW job_order_terms AS
      SELECT id, agency_id, reference, employer_name, job_title, destination_country, job_category, headcount,
             contract_months, salary_minor, salary_currency, fx_rate, deposit_vnd, state, deposit_holder
      FROM job_orders;
    -- receipts are documents about one ledger entry
    ALTER TABLE documents DROP CONSTRAINT documents_subject_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_subject_type_check
      CHECK (subject_type IN ('case', 'worker', 'job_order', 'enrolment', 'agency_period', 'ledger_entry'));
    -- the fee of each extension (R7: each within its own cap), for the ledger's fee cap
    CREATE VIEW case_extension_fees AS SELECT case_id, new_end_on, fee_vnd FROM case_extensions;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP VIEW case_extension_fees;
    -- receipts issued stay (issued documents never change); new ones can no longer be made
    ALTER TABLE documents DROP CONSTRAINT documents_subject_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_subject_type_check
      CHECK (subject_type IN ('case', 'worker', 'job_order', 'enrolment', 'agency_period')) NOT VALID;
    DROP VIEW job_order_terms;
    CREATE VIEW job_order_terms AS
      SELECT id, agency_id, reference, employer_name, job_title, destination_country, job_category, headcount,
             contract_months, salary_minor, salary_currency, fx_rate, deposit_vnd, state
      FROM job_orders;
    DROP VIEW case_placements;
    CREATE VIEW case_placements AS SELECT ${PLACEMENTS}, code FROM cases;
    ALTER TABLE cases ADD COLUMN fund_contribution_paid_on date, ADD COLUMN worker_deposit_paid_on date;
    UPDATE cases c SET fund_contribution_paid_on = e.on_date FROM (
      SELECT case_id, max(occurred_on) AS on_date FROM ledger_entries l
      WHERE kind = 'fund_contribution_paid' AND reverses_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = l.id) GROUP BY case_id) e WHERE e.case_id = c.id;
    UPDATE cases c SET worker_deposit_paid_on = e.on_date FROM (
      SELECT case_id, min(occurred_on) AS on_date FROM ledger_entries l
      WHERE kind = 'deposit_received' AND reverses_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = l.id) GROUP BY case_id) e WHERE e.case_id = c.id;
    DROP TABLE ledger_balances;
    DROP TABLE ledger_entries;
    DROP FUNCTION ledger_apply_balance();
    DROP FUNCTION ledger_check_reversal();
    DROP TABLE deposit_accounts;
  `);
};
