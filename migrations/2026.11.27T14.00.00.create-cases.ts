import type { Migration } from '../server/db/migrate';

// The case: one worker on one job order, from registration to closure (DOMAIN.md §12), run by the workflow engine.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE cases (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      job_order_id bigint NOT NULL REFERENCES job_orders (id) ON DELETE RESTRICT,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      state text NOT NULL DEFAULT 'registered' CHECK (state IN ('registered', 'prescreened', 'selected', 'contract_signed', 'visa_processing',
        'ready_to_depart', 'departed', 'returned', 'liquidated', 'closed', 'withdrawn', 'rejected')),
      version integer NOT NULL DEFAULT 0,
      whose_move text NOT NULL DEFAULT 'agency' CHECK (whose_move IN ('agency', 'worker', 'commune', 'province', 'none')),
      next_deadline_on date,
      next_deadline_rule text,
      selected_on date,
      waiting_agreement_on date,
      contract_signed_on date,
      departed_on date,
      returned_on date,
      return_outcome text CHECK (return_outcome IN ('on_time', 'early_not_at_fault', 'early_at_fault', 'absconded')),
      liquidated_on date,
      liquidated_unilaterally boolean NOT NULL DEFAULT false,
      closed_on date,
      exit_reason text,
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (state NOT IN ('selected', 'contract_signed', 'visa_processing', 'ready_to_depart', 'departed', 'returned', 'liquidated', 'closed') OR selected_on IS NOT NULL),
      CHECK (state NOT IN ('returned', 'liquidated', 'closed') OR return_outcome IS NOT NULL)
    );
    -- From selection on, a worker holds one place only (R4, DOMAIN.md §12).
    CREATE UNIQUE INDEX cases_one_place ON cases (worker_id)
      WHERE state IN ('selected', 'contract_signed', 'visa_processing', 'ready_to_depart', 'departed', 'returned');
    -- One live application per worker and order.
    CREATE UNIQUE INDEX cases_one_application ON cases (worker_id, job_order_id) WHERE state NOT IN ('withdrawn', 'rejected');
    CREATE INDEX cases_board ON cases (agency_id, state, next_deadline_on, id);
    CREATE INDEX cases_deadline ON cases (agency_id, next_deadline_on, id);
    CREATE INDEX cases_job_order ON cases (job_order_id, state);

    CREATE TABLE case_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      case_id bigint NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
      at timestamptz NOT NULL,
      actor_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      action text NOT NULL,
      from_state text NOT NULL,
      to_state text NOT NULL,
      input jsonb NOT NULL DEFAULT '{}',
      verdicts jsonb NOT NULL DEFAULT '[]',
      policy_ids bigint[] NOT NULL DEFAULT '{}'
    );
    CREATE INDEX case_events_case ON case_events (case_id, id);
    CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION refuse_change();
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query('DROP TABLE IF EXISTS case_events, cases;');
};
