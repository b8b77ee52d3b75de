import type { Migration } from '../server/db/migrate';

// Programme results (issue 22; DOMAIN.md §4, §15.1–15.2): each successful connection (E2: a referral hired, at home or
// abroad) of an eligible worker is tagged once as a programme output, with the group that made it eligible (the
// commune's certification of the household for the year of the contract, or residence in an eligible area; a status
// only declared is kept apart as "chưa xác nhận"), the funding source in force on the contract's signed date (a policy
// value) and the procurement mode the province set for the centre (đặt hàng / đấu thầu / giao nhiệm vụ). The province
// enters its yearly targets. Read views give the programme what it reads of other modules (ARCHITECTURE, modules).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    -- read views (each declared by the module that owns the table)
    -- exchange: the successful connections with the groups the job seeker declared (Mẫu 01 priority groups)
    CREATE VIEW exchange_hires AS
      SELECT r.id AS referral_id, r.centre_id, r.worker_id, r.job_seeker_id, r.abroad, r.signed_on, r.start_on,
             r.session_id, s.priority_groups AS declared_groups
      FROM referrals r JOIN job_seekers s ON s.id = r.job_seeker_id
      WHERE r.state = 'hired';
    -- exchange: the databases' stock per centre (job seekers active; vacancies open and their places left)
    CREATE VIEW exchange_stock AS
      SELECT centre_id, 'job_seekers'::text AS kind, count(*)::bigint AS n, count(*)::bigint AS places
      FROM job_seekers WHERE status = 'active' GROUP BY centre_id
      UNION ALL
      SELECT centre_id, 'vacancies'::text, count(*)::bigint, sum(number_to_hire - hired_count)::bigint
      FROM vacancies WHERE state = 'open' GROUP BY centre_id;
    -- sessions: when each session of a centre was held (or is planned, or was cancelled)
    CREATE VIEW exchange_session_calendar AS
      SELECT id, centre_id, province_code, held_on, kind, state FROM exchange_sessions;
    -- workers: the eligibility facts (household status and the year the commune certified it; residence, old boundaries)
    CREATE VIEW worker_programme_facts AS
      SELECT id, full_name, cccd, province_code, commune_code, old_province_name, old_district_name, household_status,
             household_status_year
      FROM workers;
    -- grants: the province's eligible areas (today's communes, and poor districts under the old boundaries)
    CREATE VIEW grant_area_directory AS
      SELECT province_code, commune_code, kind, old_province_name, old_district_name FROM grant_eligible_areas;

    -- how the province buys the service from a centre, for a period (Decree 32/2019: order, tender or assignment)
    CREATE TABLE programme_procurement_modes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      mode text NOT NULL CHECK (mode IN ('order', 'tender', 'assignment')),
      valid_from date NOT NULL,
      valid_to date,
      reference text CHECK (reference IS NULL OR (btrim(reference) <> '' AND char_length(reference) <= 200)),
      entered_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (valid_to IS NULL OR valid_to >= valid_from),
      -- one mode per centre on any day
      EXCLUDE USING gist (centre_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
    );
    CREATE INDEX programme_procurement_modes_province ON programme_procurement_modes (province_code, centre_id, valid_from);
    -- a period is history: only its end may be set (a newer period takes over); never deleted
    CREATE FUNCTION programme_procurement_modes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR (NEW.centre_id, NEW.province_code, NEW.mode, NEW.valid_from, NEW.reference, NEW.entered_by_user_id)
         IS DISTINCT FROM (OLD.centre_id, OLD.province_code, OLD.mode, OLD.valid_from, OLD.reference, OLD.entered_by_user_id) THEN
        RAISE EXCEPTION 'programme_procurement_modes: add a new period instead of changing one' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER programme_procurement_modes_history BEFORE UPDATE OR DELETE ON programme_procurement_modes
      FOR EACH ROW EXECUTE FUNCTION programme_procurement_modes_guard();

    -- the province's targets for a year (Decision 90: connections of poor, near-poor and newly escaped workers…)
    CREATE TABLE programme_targets (
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      year integer NOT NULL CHECK (year BETWEEN 2021 AND 2100),
      metric text NOT NULL CHECK (metric IN ('outputs', 'outputs_household', 'outputs_abroad', 'sessions')),
      target integer NOT NULL CHECK (target BETWEEN 0 AND 10000000),
      updated_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (province_code, year, metric)
    );

    -- the tag: one per successful connection, made once and kept (a later change of the household's status or of the
    -- law does not re-tag it: the facts and the policy version it used are stored with it)
    CREATE TABLE programme_outputs (
      referral_id bigint PRIMARY KEY REFERENCES referrals (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      abroad boolean NOT NULL,
      signed_on date NOT NULL,
      output_group text NOT NULL CHECK (output_group IN ('poor', 'near_poor', 'escaped_poverty', 'eligible_area')),
      -- false: the household status was only declared (no certification of the commune for the contract's year)
      certified boolean NOT NULL,
      area_kind text CHECK (area_kind IN ('poor_district', 'coastal_commune')),
      household_status_year integer CHECK (household_status_year BETWEEN 2000 AND 2100),
      evidence text NOT NULL CHECK (btrim(evidence) <> ''),
      funding_source text NOT NULL CHECK (funding_source IN ('mtqg_2021_2025', 'mtqg_2026_2035_c4')),
      funding_policy_id bigint NOT NULL REFERENCES policy_values (id) ON DELETE RESTRICT,
      procurement_mode text CHECK (procurement_mode IN ('order', 'tender', 'assignment')),
      procurement_mode_id bigint REFERENCES programme_procurement_modes (id) ON DELETE RESTRICT,
      tagged_at timestamptz NOT NULL DEFAULT now(),
      procurement_set_at timestamptz,
      CHECK (output_group <> 'eligible_area' OR (certified AND area_kind IS NOT NULL)),
      CHECK ((procurement_mode IS NULL) = (procurement_mode_id IS NULL)),
      CHECK ((procurement_mode IS NULL) = (procurement_set_at IS NULL))
    );
    CREATE INDEX programme_outputs_province ON programme_outputs (province_code, signed_on);
    CREATE INDEX programme_outputs_centre ON programme_outputs (centre_id, signed_on);
    CREATE INDEX programme_outputs_no_mode ON programme_outputs (centre_id, signed_on) WHERE procurement_mode IS NULL;
    -- stable: never deleted; the only change is the procurement mode filled once when the province sets it later
    CREATE FUNCTION programme_outputs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.procurement_mode IS NOT NULL
         OR (to_jsonb(NEW) - 'procurement_mode' - 'procurement_mode_id' - 'procurement_set_at')
            IS DISTINCT FROM (to_jsonb(OLD) - 'procurement_mode' - 'procurement_mode_id' - 'procurement_set_at') THEN
        RAISE EXCEPTION 'programme_outputs: a programme output is tagged once and kept' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER programme_outputs_stable BEFORE UPDATE OR DELETE ON programme_outputs
      FOR EACH ROW EXECUTE FUNCTION programme_outputs_guard();
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS programme_outputs, programme_targets, programme_procurement_modes;
    DROP FUNCTION IF EXISTS programme_outputs_guard(), programme_procurement_modes_guard();
    DROP VIEW IF EXISTS grant_area_directory, worker_programme_facts, exchange_session_calendar, exchange_stock,
      exchange_hires;
  `);
};
