import type { Migration } from '../server/db/migrate';

// Support grants, part 1 (issue 18, DOMAIN.md §4 and §14, R24–R27):
// - grant_programmes: the programmes (MTQG 2021–2025 Sub-project 2, Decree 338/2025), their payable window and
//   whether commitments roll into the next fiscal year; their rates are policy values ('grant.<programme>.<item>'
//   per beneficiary group or clause), so a change of law is a new version;
// - grant_eligible_areas: the province's list of poor districts and especially difficult coastal/island communes
//   under the old boundaries, mapped to today's communes (MTQG);
// - grant_applications (a second workflow on the engine) with their events (append-only) and claimed items;
// - grant_item_awards: once per support item per person across every province and programme (R26): a unique index;
// - grant_budgets: per province × fiscal year × programme × source, allocated, committed and paid, with the CHECK
//   that nothing is committed beyond what was allocated (a hundred approvals racing for ten places approve ten).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE policy_values DROP CONSTRAINT policy_values_unit_check;
    ALTER TABLE policy_values ADD CONSTRAINT policy_values_unit_check
      CHECK (unit IN ('months_per_12_months', 'months_salary', 'vnd', 'months', 'periods', 'airfare', 'days', 'working_days',
        'years', 'count', 'vnd_per_course', 'vnd_per_day', 'vnd_per_month', 'vnd_once', 'vnd_actual_cap', 'vnd_statutory'));

    CREATE TABLE grant_programmes (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]+$'),
      name text NOT NULL,
      payable_from date NOT NULL,
      payable_to date,
      rolls_over boolean NOT NULL DEFAULT false,
      citation text NOT NULL,
      CHECK (payable_to IS NULL OR payable_to >= payable_from)
    );
    INSERT INTO grant_programmes (code, name, payable_from, payable_to, rolls_over, citation) VALUES
      ('mtqg', 'MTQG giảm nghèo bền vững 2021–2025, Tiểu dự án 2', '2022-01-18', '2026-12-31', false,
       'Quyết định 90/QĐ-TTg; Thông tư 55/2023/TT-BTC, Điều 69; Thông tư 60/2026/TT-BTC, Điều 21'),
      ('nd338', 'Hỗ trợ đi làm việc ở nước ngoài theo Nghị định 338/2025/NĐ-CP', '2026-01-01', NULL, false,
       'Luật Việc làm 74/2025/QH15, Điều 14; Nghị định 338/2025/NĐ-CP, Điều 30');

    CREATE TABLE grant_eligible_areas (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      commune_code varchar(5) REFERENCES communes (code) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('poor_district', 'coastal_commune')),
      old_province_name text,
      old_district_name text,
      old_commune_name text,
      note text,
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- today's commune, or the old district (every commune of a poor district under the old boundaries)
      CHECK (commune_code IS NOT NULL OR (old_province_name IS NOT NULL AND old_district_name IS NOT NULL))
    );
    CREATE UNIQUE INDEX grant_eligible_areas_commune ON grant_eligible_areas (commune_code) WHERE commune_code IS NOT NULL;
    CREATE INDEX grant_eligible_areas_old ON grant_eligible_areas (old_province_name, old_district_name);

    CREATE TABLE grant_applications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      case_id bigint NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      programme_code text NOT NULL REFERENCES grant_programmes (code) ON DELETE RESTRICT,
      beneficiary_group text NOT NULL,
      province_code varchar(2) NOT NULL,
      commune_code varchar(5),
      state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'certified', 'returned', 'approved', 'rejected')),
      version integer NOT NULL DEFAULT 1,
      whose_move text NOT NULL DEFAULT 'worker',
      next_deadline_on date,
      next_deadline_rule text,
      fiscal_year integer CHECK (fiscal_year BETWEEN 2000 AND 2100),
      funding_source text CHECK (funding_source IN ('central', 'local')),
      claimed_vnd bigint NOT NULL DEFAULT 0 CHECK (claimed_vnd >= 0),
      allowed_vnd bigint NOT NULL DEFAULT 0 CHECK (allowed_vnd >= 0),
      approved_vnd bigint CHECK (approved_vnd >= 0),
      eligibility jsonb NOT NULL DEFAULT '[]',
      created_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      submitted_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      submitted_on date,
      certified_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      certified_on date,
      decided_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      decided_on date,
      return_reason text,
      reject_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (state <> 'approved' OR (approved_vnd IS NOT NULL AND fiscal_year IS NOT NULL AND funding_source IS NOT NULL))
    );
    -- the province queue: by state and deadline; the commune's and the worker's lists
    CREATE INDEX grant_applications_queue ON grant_applications (province_code, state, next_deadline_on, id);
    CREATE INDEX grant_applications_commune ON grant_applications (commune_code, state, next_deadline_on, id);
    CREATE INDEX grant_applications_worker ON grant_applications (worker_id, id DESC);
    CREATE INDEX grant_applications_case ON grant_applications (case_id);
    -- one open application per case and programme
    CREATE UNIQUE INDEX grant_applications_one_open ON grant_applications (case_id, programme_code)
      WHERE state IN ('draft', 'submitted', 'certified', 'returned');

    CREATE TABLE grant_application_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      grant_application_id bigint NOT NULL REFERENCES grant_applications (id) ON DELETE RESTRICT,
      at timestamptz NOT NULL,
      actor_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      action text NOT NULL,
      from_state text,
      to_state text NOT NULL,
      input jsonb NOT NULL DEFAULT '{}',
      verdicts jsonb NOT NULL DEFAULT '[]',
      policy_ids bigint[] NOT NULL DEFAULT '{}'
    );
    CREATE INDEX grant_application_events_app ON grant_application_events (grant_application_id, id);
    CREATE TRIGGER grant_application_events_append_only BEFORE UPDATE OR DELETE ON grant_application_events
      FOR EACH ROW EXECUTE FUNCTION refuse_change();

    CREATE TABLE grant_claims (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      grant_application_id bigint NOT NULL REFERENCES grant_applications (id) ON DELETE RESTRICT,
      item text NOT NULL CHECK (item IN ('language', 'vocational', 'orientation', 'food', 'lodging', 'personal_items',
        'travel', 'passport', 'visa', 'criminal_record', 'health_check')),
      quantity integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 1000),
      claimed_vnd bigint NOT NULL CHECK (claimed_vnd >= 0 AND claimed_vnd <= 1000000000),
      evidence text CHECK (length(evidence) <= 500),
      evidence_file_id bigint REFERENCES files (id) ON DELETE RESTRICT,
      allowed_vnd bigint NOT NULL DEFAULT 0 CHECK (allowed_vnd >= 0),
      arithmetic text[] NOT NULL DEFAULT '{}',
      UNIQUE (grant_application_id, item)
    );

    -- R26: each support item once per person, whatever the province or programme; released only by a reversal of the
    -- decision (part 2)
    CREATE TABLE grant_item_awards (
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      item text NOT NULL,
      grant_application_id bigint NOT NULL REFERENCES grant_applications (id) ON DELETE RESTRICT,
      amount_vnd bigint NOT NULL CHECK (amount_vnd >= 0),
      awarded_on date NOT NULL,
      PRIMARY KEY (worker_id, item)
    );

    CREATE TABLE grant_budgets (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
      programme_code text NOT NULL REFERENCES grant_programmes (code) ON DELETE RESTRICT,
      source text NOT NULL CHECK (source IN ('central', 'local')),
      allocated_vnd bigint NOT NULL CHECK (allocated_vnd >= 0 AND allocated_vnd <= 1000000000000000),
      committed_vnd bigint NOT NULL DEFAULT 0 CHECK (committed_vnd >= 0),
      paid_vnd bigint NOT NULL DEFAULT 0 CHECK (paid_vnd >= 0),
      updated_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (province_code, fiscal_year, programme_code, source),
      CONSTRAINT grant_budget_within_allocation CHECK (committed_vnd + paid_vnd <= allocated_vnd)
    );

    ALTER TABLE obligations DROP CONSTRAINT IF EXISTS obligations_subject_type_check;
    ALTER TABLE obligations ADD CONSTRAINT obligations_subject_type_check
      CHECK (subject_type IN ('case', 'grant_application', 'deposit'));

    -- read views: the training days a worker was present (food is paid per day of attendance) and a case's order
    CREATE VIEW enrolment_attendance AS
      SELECT e.worker_id, e.case_id, c.kind AS course_kind, c.starts_on, c.ends_on,
             count(*) FILTER (WHERE a.present) AS days_present
      FROM enrolments e JOIN courses c ON c.id = e.course_id LEFT JOIN attendance a ON a.enrolment_id = e.id
      GROUP BY e.id, e.worker_id, e.case_id, c.kind, c.starts_on, c.ends_on;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP VIEW enrolment_attendance;
    DELETE FROM obligations WHERE subject_type = 'grant_application';
    DROP TABLE grant_budgets;
    DROP TABLE grant_item_awards;
    DROP TABLE grant_claims;
    DROP TABLE grant_application_events;
    DROP TABLE grant_applications;
    DROP TABLE grant_eligible_areas;
    DROP TABLE grant_programmes;
    -- policy versions are never deleted (a trigger): the grant rates stay, the old unit list holds for new rows only
    ALTER TABLE policy_values DROP CONSTRAINT policy_values_unit_check;
    ALTER TABLE policy_values ADD CONSTRAINT policy_values_unit_check
      CHECK (unit IN ('months_per_12_months', 'months_salary', 'vnd', 'months', 'periods', 'airfare', 'days', 'working_days', 'years', 'count'))
      NOT VALID;
  `);
};
