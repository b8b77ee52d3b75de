import type { Migration } from '../server/db/migrate';

// Deadlines as data. A subject (a case now; a grant application or a deposit later) carries several dated duties at
// once, each with its rule, due date, whose move, status (open, met, waived with a reason, or paused with the days
// left) and the policy version its duration came from. The workflow engine keeps a case's obligations current in
// each transition; a nightly job recomputes them after a change of law. Indexed for the alert scans: open
// obligations due before a date, by agency, province or commune. Durations become policy values, so the policy
// units grow: years, working days, counts.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE policy_values DROP CONSTRAINT policy_values_unit_check;
    ALTER TABLE policy_values ADD CONSTRAINT policy_values_unit_check
      CHECK (unit IN ('months_per_12_months', 'months_salary', 'vnd', 'months', 'periods', 'airfare', 'days', 'working_days', 'years', 'count'));

    CREATE TABLE obligations (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      subject_type text NOT NULL CHECK (subject_type IN ('case', 'grant_application', 'deposit')),
      subject_id bigint NOT NULL,
      kind text NOT NULL CHECK (kind ~ '^[a-z_]+(:[A-Za-z0-9_-]+)?$'),
      rule_id text NOT NULL,
      due_on date NOT NULL,
      whose_move text NOT NULL CHECK (whose_move IN ('agency', 'worker', 'commune', 'province', 'none')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'waived', 'paused')),
      met_on date,
      waived_reason text,
      paused_days_left integer CHECK (paused_days_left IS NULL OR paused_days_left >= 0),
      policy_id bigint REFERENCES policy_values (id) ON DELETE RESTRICT,
      agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      province_code varchar(2),
      commune_code varchar(5),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (subject_type, subject_id, kind),
      CHECK (status <> 'waived' OR btrim(coalesce(waived_reason, '')) <> ''),
      CHECK (status <> 'paused' OR paused_days_left IS NOT NULL)
    );
    CREATE INDEX obligations_open_due ON obligations (due_on) INCLUDE (subject_type, subject_id, rule_id) WHERE status = 'open';
    CREATE INDEX obligations_open_agency ON obligations (agency_id, due_on) WHERE status = 'open';
    CREATE INDEX obligations_open_province ON obligations (province_code, due_on) WHERE status = 'open';
    CREATE INDEX obligations_open_commune ON obligations (commune_code, due_on) WHERE status = 'open';
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS obligations;
    -- the versions in the new units go with them (the history trigger is off for this statement's transaction)
    ALTER TABLE policy_values DISABLE TRIGGER policy_values_history;
    DELETE FROM policy_values WHERE unit IN ('working_days', 'years', 'count');
    ALTER TABLE policy_values ENABLE TRIGGER policy_values_history;
    ALTER TABLE policy_values DROP CONSTRAINT policy_values_unit_check;
    ALTER TABLE policy_values ADD CONSTRAINT policy_values_unit_check
      CHECK (unit IN ('months_per_12_months', 'months_salary', 'vnd', 'months', 'periods', 'airfare', 'days'));
  `);
};
