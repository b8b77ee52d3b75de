import type { Migration } from '../server/db/migrate';

// Law as code: versioned policy values (caps, rates, deadlines) and job orders run by the workflow engine.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS btree_gist;

    -- One row per version of a value. A change of law adds a row; decisions keep the ids they used.
    CREATE TABLE policy_values (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      key text NOT NULL CHECK (key ~ '^[a-z0-9_.]+$'),
      market text CHECK (market ~ '^([A-Z]{2}|region:[a-z_]+)$'),
      job_category text,
      beneficiary_group text,
      value numeric(20, 6) NOT NULL,
      unit text NOT NULL CHECK (unit IN ('months_per_12_months', 'months_salary', 'vnd', 'months', 'periods', 'airfare', 'days')),
      effective_from date NOT NULL,
      effective_to date,
      citation text NOT NULL CHECK (btrim(citation) <> ''),
      confirmed boolean NOT NULL DEFAULT false,
      note text,
      reason text,
      supersedes_id bigint REFERENCES policy_values (id) ON DELETE RESTRICT,
      -- a version replaced by a correction with the same start date is withdrawn, never deleted
      withdrawn_at timestamptz,
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (effective_to IS NULL OR effective_to >= effective_from),
      -- two versions of one value never overlap in time
      EXCLUDE USING gist (
        key WITH =, (coalesce(market, '')) WITH =, (coalesce(job_category, '')) WITH =, (coalesce(beneficiary_group, '')) WITH =,
        daterange(effective_from, effective_to, '[]') WITH &&
      ) WHERE (withdrawn_at IS NULL)
    );
    CREATE INDEX policy_values_key ON policy_values (key, effective_from);
    -- the seeder inserts each legal value once (ON CONFLICT DO NOTHING), never over an admin's correction
    CREATE UNIQUE INDEX policy_values_seeded ON policy_values
      (key, (coalesce(market, '')), (coalesce(job_category, '')), (coalesce(beneficiary_group, '')), effective_from)
      WHERE created_by_user_id IS NULL;

    -- A version is history: only the end of its validity (a newer version takes over) or its withdrawal may be set.
    CREATE FUNCTION policy_values_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'policy_values: versions are never deleted' USING ERRCODE = 'insufficient_privilege'; END IF;
      IF (NEW.key, NEW.market, NEW.job_category, NEW.beneficiary_group, NEW.value, NEW.unit, NEW.effective_from, NEW.citation)
         IS DISTINCT FROM (OLD.key, OLD.market, OLD.job_category, OLD.beneficiary_group, OLD.value, OLD.unit, OLD.effective_from, OLD.citation) THEN
        RAISE EXCEPTION 'policy_values: add a new version instead of changing one' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER policy_values_history BEFORE UPDATE OR DELETE ON policy_values FOR EACH ROW EXECUTE FUNCTION policy_values_guard();

    CREATE TABLE job_orders (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      reference text,
      employer_name text,
      employer_country varchar(2) REFERENCES countries (code) ON DELETE RESTRICT,
      employer_address text,
      destination_country varchar(2) REFERENCES countries (code) ON DELETE RESTRICT,
      job_category text NOT NULL CHECK (job_category IN ('general', 'institutional_caregiver', 'home_caregiver', 'agriculture',
        'seafarer_transport', 'fishing_coastal', 'fishing_distant', 'jp_tts_1_2', 'jp_tts_3', 'jp_ssw_after_tts', 'jp_high_skilled', 'kr_eps')),
      job_title text,
      headcount integer CHECK (headcount > 0),
      salary_currency varchar(3) CHECK (salary_currency ~ '^[A-Z]{3}$'),
      salary_minor bigint CHECK (salary_minor > 0),
      fx_rate numeric(18, 6) CHECK (fx_rate > 0),
      fx_rate_date date,
      fx_rate_source text,
      contract_months integer CHECK (contract_months BETWEEN 1 AND 120),
      service_fee_vnd bigint NOT NULL DEFAULT 0 CHECK (service_fee_vnd >= 0),
      foreign_paid_fee_vnd bigint NOT NULL DEFAULT 0 CHECK (foreign_paid_fee_vnd >= 0),
      brokerage_vnd bigint NOT NULL DEFAULT 0 CHECK (brokerage_vnd >= 0),
      deposit_vnd bigint NOT NULL DEFAULT 0 CHECK (deposit_vnd >= 0),
      deposit_holder text CHECK (deposit_holder IN ('commercial_bank', 'vbsp')),
      airfare_vnd bigint CHECK (airfare_vnd > 0),
      supply_reg_number text,
      supply_reg_date date,
      supply_reg_status text CHECK (supply_reg_status IN ('submitted', 'approved', 'rejected')),
      programme_reference text,
      ministry_report_date date,
      recruit_from date,
      recruit_to date CHECK (recruit_to IS NULL OR recruit_from IS NULL OR recruit_to >= recruit_from),
      expected_departure_on date,
      state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed')),
      version integer NOT NULL DEFAULT 0,
      opened_on date,
      closed_on date,
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX job_orders_agency_state ON job_orders (agency_id, state, id);

    CREATE TABLE job_order_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      job_order_id bigint NOT NULL REFERENCES job_orders (id) ON DELETE RESTRICT,
      at timestamptz NOT NULL,
      actor_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      action text NOT NULL,
      from_state text NOT NULL,
      to_state text NOT NULL,
      input jsonb NOT NULL DEFAULT '{}',
      verdicts jsonb NOT NULL DEFAULT '[]',
      policy_ids bigint[] NOT NULL DEFAULT '{}'
    );
    CREATE INDEX job_order_events_order ON job_order_events (job_order_id, id);
    CREATE TRIGGER job_order_events_append_only BEFORE UPDATE OR DELETE ON job_order_events FOR EACH ROW EXECUTE FUNCTION refuse_change();
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS job_order_events, job_orders, policy_values;
    DROP FUNCTION IF EXISTS policy_values_guard();
  `);
};
