import type { Migration } from '../server/db/migrate';

// The job exchange, part 1 (DOMAIN.md §15; Sub-project 3): employment service centres and their staff, the
// occupation codes (Decision 34/2020) as versioned reference data, the 21 sectors, the job-seeker profile on the
// worker record, employers (Mẫu 03), vacancies (Mẫu 03a) and referrals to a signed contract (Mẫu 04), with the
// house settings of the matching ("Quy ước của Hành Trang", not law).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    -- centres are organisations of their own kind, public, in a province
    ALTER TABLE agencies DROP CONSTRAINT agencies_kind_check;
    ALTER TABLE agencies ADD CONSTRAINT agencies_kind_check
      CHECK (kind IN ('service_enterprise', 'public_unit', 'other_sender', 'employment_centre'));
    ALTER TABLE agencies ADD CONSTRAINT agencies_centre_province CHECK (kind <> 'employment_centre' OR province_code IS NOT NULL);

    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check
      CHECK (role IN ('admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker', 'centre_staff'));
    ALTER TABLE users ADD CONSTRAINT users_centre_scope
      CHECK (role <> 'centre_staff' OR (agency_id IS NOT NULL AND commune_code IS NULL AND province_code IS NULL));

    -- the form's scales, stored once on the worker (Decree 352 Mẫu 01)
    ALTER TABLE workers
      ADD COLUMN general_education text CHECK (general_education IN ('not_completed_primary', 'primary', 'lower_secondary', 'upper_secondary')),
      ADD COLUMN technical_level text CHECK (technical_level IN ('untrained', 'skilled_no_certificate', 'elementary', 'intermediate', 'college', 'university', 'master', 'doctorate'));
    -- a consent withdrawn (E1): the link and its evidence stay, the organisation no longer sees the person
    ALTER TABLE worker_agency_links ADD COLUMN withdrawn_on date;

    CREATE TABLE occupation_versions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL CHECK (btrim(name) <> '' AND name = normalize(name, NFC)),
      source text NOT NULL CHECK (btrim(source) <> ''),
      synthetic boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'retired')),
      max_level smallint NOT NULL CHECK (max_level BETWEEN 1 AND 4),
      code_count integer NOT NULL CHECK (code_count > 0),
      imported_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      activated_at timestamptz,
      activated_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (status = 'draft' OR activated_at IS NOT NULL)
    );
    CREATE UNIQUE INDEX occupation_versions_name ON occupation_versions (name);
    -- one version in force at a time
    CREATE UNIQUE INDEX occupation_versions_one_active ON occupation_versions ((true)) WHERE status = 'active';

    -- Decision 34/2020: the level is the number of digits; the parent is the code without its last digit
    CREATE TABLE occupations (
      version_id bigint NOT NULL REFERENCES occupation_versions (id) ON DELETE RESTRICT,
      code varchar(4) NOT NULL CHECK (code ~ '^[0-9]{1,4}$'),
      level smallint NOT NULL CHECK (level BETWEEN 1 AND 4 AND level = length(code)),
      name_vi text NOT NULL CHECK (btrim(name_vi) <> '' AND name_vi = normalize(name_vi, NFC)),
      name_folded text NOT NULL,
      parent_code varchar(4),
      PRIMARY KEY (version_id, code),
      FOREIGN KEY (version_id, parent_code) REFERENCES occupations (version_id, code) ON DELETE RESTRICT,
      CHECK ((level = 1 AND parent_code IS NULL) OR (level > 1 AND parent_code = left(code, level - 1)))
    );
    CREATE INDEX occupations_search ON occupations (version_id, name_folded text_pattern_ops);

    -- the 21 sections (VSIC 2018, the employer form's checkboxes), versioned like the occupations
    CREATE TABLE sectors (
      version text NOT NULL CHECK (btrim(version) <> ''),
      code varchar(1) NOT NULL CHECK (code ~ '^[A-Z]$'),
      name_vi text NOT NULL CHECK (btrim(name_vi) <> ''),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (version, code)
    );

    -- house settings: the matching's points, edited by an admin ("Quy ước của Hành Trang", not law)
    CREATE TABLE matching_weights (
      key text PRIMARY KEY CHECK (key ~ '^[a-z0-9_]+$'),
      label text NOT NULL,
      points integer NOT NULL CHECK (points BETWEEN 0 AND 100),
      position integer NOT NULL,
      updated_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO matching_weights (key, label, points, position) VALUES
      ('occupation_l4', 'Cùng nghề đến cấp 4', 40, 10),
      ('occupation_l3', 'Cùng nhóm nghề cấp 3', 30, 20),
      ('occupation_l2', 'Cùng nhóm nghề cấp 2', 20, 30),
      ('workplace_commune_1', 'Nơi làm việc đúng xã mong muốn thứ nhất', 20, 40),
      ('workplace_commune_2', 'Nơi làm việc đúng xã mong muốn thứ hai', 15, 50),
      ('workplace_province_1', 'Nơi làm việc trong tỉnh mong muốn thứ nhất', 12, 60),
      ('workplace_province_2', 'Nơi làm việc trong tỉnh mong muốn thứ hai', 8, 70),
      ('wage', 'Mức lương phù hợp', 10, 80),
      ('experience', 'Có kinh nghiệm trong nghề', 5, 90),
      ('available_now', 'Sẵn sàng làm việc ngay', 5, 100),
      ('priority_group', 'Thuộc nhóm ưu tiên mà việc làm nêu', 5, 110);

    -- Mẫu 03: the employer, entered by the centre that registers it; its contact details stay with that centre
    CREATE TABLE employers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('enterprise', 'individual')),
      name text NOT NULL CHECK (btrim(name) <> '' AND name = normalize(name, NFC)),
      name_folded text NOT NULL,
      enterprise_code text CHECK (enterprise_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
      personal_id varchar(12) CHECK (personal_id ~ '^[0-9]{12}$'),
      ownership text NOT NULL CHECK (ownership IN ('state', 'non_state', 'fdi')),
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      commune_code varchar(5) NOT NULL,
      address text NOT NULL CHECK (btrim(address) <> ''),
      industrial_zone text,
      phone text NOT NULL CHECK (phone ~ '^0[0-9]{9,10}$'),
      email text NOT NULL CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
      sector_version text NOT NULL,
      sector_code varchar(1) NOT NULL,
      main_product text NOT NULL CHECK (btrim(main_product) <> ''),
      workforce_band smallint NOT NULL CHECK (workforce_band BETWEEN 1 AND 9),
      hiring_next_6_months integer CHECK (hiring_next_6_months >= 0),
      services_wanted text[] NOT NULL DEFAULT '{}',
      representative text NOT NULL CHECK (btrim(representative) <> ''),
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (commune_code, province_code) REFERENCES communes (code, province_code) ON DELETE RESTRICT,
      FOREIGN KEY (sector_version, sector_code) REFERENCES sectors (version, code) ON DELETE RESTRICT,
      -- an enterprise by its enterprise (tax) code, an individual by the personal ID
      CHECK ((kind = 'enterprise') = (enterprise_code IS NOT NULL)),
      CHECK ((kind = 'individual') = (personal_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX employers_centre_code ON employers (centre_id, enterprise_code) WHERE enterprise_code IS NOT NULL;
    CREATE UNIQUE INDEX employers_centre_person ON employers (centre_id, personal_id) WHERE personal_id IS NOT NULL;
    CREATE INDEX employers_centre_name ON employers (centre_id, name_folded);

    -- Mẫu 01 + 01a: the job-seeker profile, on the worker record (one person per CCCD), owned by the centre that took it
    CREATE TABLE job_seekers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'withdrawn')),
      registered_on date NOT NULL,
      consent_on date NOT NULL,
      consent_via text NOT NULL CHECK (consent_via IN ('scan', 'portal')),
      consent_file_id bigint REFERENCES files (id) ON DELETE RESTRICT,
      withdrawn_on date,
      -- Mẫu 01: the current residence (the permanent one is the worker record's address)
      current_address text,
      priority_groups text[] NOT NULL DEFAULT '{}',
      languages jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(languages) = 'array' AND jsonb_array_length(languages) <= 2),
      language_codes text[] NOT NULL DEFAULT '{}',
      it_level text CHECK (it_level IN ('none', 'basic', 'advanced', 'professional')),
      soft_skills text,
      training_field text,
      skill_certificate text,
      work_history jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(work_history) = 'array'),
      worked_abroad_in text,
      job_title text NOT NULL CHECK (btrim(job_title) <> ''),
      job_description text NOT NULL CHECK (btrim(job_description) <> ''),
      position text NOT NULL CHECK (btrim(position) <> ''),
      occupation_version_id bigint NOT NULL,
      occupation_code varchar(4) NOT NULL,
      occ2 varchar(2) GENERATED ALWAYS AS (CASE WHEN length(occupation_code) >= 2 THEN left(occupation_code, 2) END) STORED,
      occ3 varchar(3) GENERATED ALWAYS AS (CASE WHEN length(occupation_code) >= 3 THEN left(occupation_code, 3) END) STORED,
      experience text NOT NULL DEFAULT 'none' CHECK (experience IN ('none', 'lt1', 'y1_2', 'y2_5', 'gt5')),
      province_1 varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      commune_1 varchar(5),
      zone_1 text,
      province_2 varchar(2) REFERENCES provinces (code) ON DELETE RESTRICT,
      commune_2 varchar(5),
      zone_2 text,
      contract_type text CHECK (contract_type IN ('indefinite', 'fixed_term', 'seasonal')),
      full_time boolean NOT NULL DEFAULT true,
      wage_kind text NOT NULL CHECK (wage_kind IN ('band', 'daily', 'hourly', 'negotiable', 'commission')),
      wage_band smallint CHECK (wage_band BETWEEN 1 AND 5),
      wage_amount_vnd bigint CHECK (wage_amount_vnd > 0),
      -- the wage as a Mẫu 04 monthly code: a daily wage × 26, an hourly wage × 208; none when negotiable or commission
      wage_code smallint GENERATED ALWAYS AS (CASE wage_kind WHEN 'band' THEN wage_band
        WHEN 'daily' THEN CASE WHEN wage_amount_vnd * 26 < 5000000 THEN 1 WHEN wage_amount_vnd * 26 <= 10000000 THEN 2 WHEN wage_amount_vnd * 26 <= 20000000 THEN 3 WHEN wage_amount_vnd * 26 <= 50000000 THEN 4 ELSE 5 END
        WHEN 'hourly' THEN CASE WHEN wage_amount_vnd * 208 < 5000000 THEN 1 WHEN wage_amount_vnd * 208 <= 10000000 THEN 2 WHEN wage_amount_vnd * 208 <= 20000000 THEN 3 WHEN wage_amount_vnd * 208 <= 50000000 THEN 4 ELSE 5 END END) STORED,
      benefits text,
      conditions text,
      available_after_months smallint NOT NULL DEFAULT 0 CHECK (available_after_months BETWEEN 0 AND 24),
      available_from date NOT NULL,
      recruitment_mode text NOT NULL CHECK (recruitment_mode IN ('in_person', 'online', 'any')),
      wants_abroad boolean NOT NULL DEFAULT false,
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (occupation_version_id, occupation_code) REFERENCES occupations (version_id, code) ON DELETE RESTRICT,
      FOREIGN KEY (commune_1, province_1) REFERENCES communes (code, province_code) ON DELETE RESTRICT,
      FOREIGN KEY (commune_2, province_2) REFERENCES communes (code, province_code) ON DELETE RESTRICT,
      CHECK (commune_2 IS NULL OR province_2 IS NOT NULL),
      CHECK ((wage_kind = 'band') = (wage_band IS NOT NULL)),
      CHECK ((wage_kind IN ('daily', 'hourly')) = (wage_amount_vnd IS NOT NULL)),
      CHECK ((status = 'withdrawn') = (withdrawn_on IS NOT NULL)),
      CHECK (consent_via <> 'scan' OR consent_file_id IS NOT NULL)
    );
    -- one profile per person: no twins
    CREATE UNIQUE INDEX job_seekers_worker ON job_seekers (worker_id);
    CREATE INDEX job_seekers_centre ON job_seekers (centre_id, registered_on DESC, id DESC);
    -- the candidate set (a vacancy's level-2 group in one of the two provinces, or its level-3 group)
    CREATE INDEX job_seekers_occ2_p1 ON job_seekers (occ2, province_1) WHERE status = 'active';
    CREATE INDEX job_seekers_occ2_p2 ON job_seekers (occ2, province_2) WHERE status = 'active';
    CREATE INDEX job_seekers_occ3 ON job_seekers (occ3) WHERE status = 'active';

    -- each registration (and renewal) with its date: the reports count them (Mẫu 01 line 3.1, part 2)
    CREATE TABLE job_seeker_registrations (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      job_seeker_id bigint NOT NULL REFERENCES job_seekers (id) ON DELETE RESTRICT,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      registered_on date NOT NULL,
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX job_seeker_registrations_seeker ON job_seeker_registrations (job_seeker_id);
    CREATE INDEX job_seeker_registrations_centre ON job_seeker_registrations (centre_id, registered_on);

    -- Mẫu 03a: a vacancy, open → filled (its number to hire reached) or closed (its deadline passed, or by hand) (E5)
    CREATE TABLE vacancies (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE RESTRICT,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'filled', 'closed')),
      version integer NOT NULL DEFAULT 1,
      title text NOT NULL CHECK (btrim(title) <> ''),
      number_to_hire integer NOT NULL CHECK (number_to_hire BETWEEN 1 AND 100000),
      hired_count integer NOT NULL DEFAULT 0 CHECK (hired_count >= 0),
      description text NOT NULL CHECK (btrim(description) <> ''),
      position text NOT NULL CHECK (btrim(position) <> ''),
      occupation_version_id bigint NOT NULL,
      occupation_code varchar(4) NOT NULL,
      occ2 varchar(2) GENERATED ALWAYS AS (CASE WHEN length(occupation_code) >= 2 THEN left(occupation_code, 2) END) STORED,
      occ3 varchar(3) GENERATED ALWAYS AS (CASE WHEN length(occupation_code) >= 3 THEN left(occupation_code, 3) END) STORED,
      general_education text NOT NULL CHECK (general_education IN ('none', 'not_completed_primary', 'primary', 'lower_secondary', 'upper_secondary')),
      technical_level text NOT NULL CHECK (technical_level IN ('untrained', 'skilled_no_certificate', 'elementary', 'intermediate', 'college', 'university', 'master', 'doctorate')),
      skills text,
      languages_required text[] NOT NULL DEFAULT '{}',
      experience text NOT NULL DEFAULT 'none' CHECK (experience IN ('none', 'lt1', 'y1_2', 'y2_5', 'gt5')),
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      commune_code varchar(5) NOT NULL,
      industrial_zone text,
      contract_type text CHECK (contract_type IN ('indefinite', 'fixed_term', 'seasonal')),
      full_time boolean NOT NULL,
      wage_kind text NOT NULL CHECK (wage_kind IN ('band', 'daily', 'hourly', 'negotiable', 'commission')),
      wage_band smallint CHECK (wage_band BETWEEN 1 AND 5),
      wage_amount_vnd bigint CHECK (wage_amount_vnd > 0),
      -- the wage as a Mẫu 04 monthly code: a daily wage × 26, an hourly wage × 208; none when negotiable or commission
      wage_code smallint GENERATED ALWAYS AS (CASE wage_kind WHEN 'band' THEN wage_band
        WHEN 'daily' THEN CASE WHEN wage_amount_vnd * 26 < 5000000 THEN 1 WHEN wage_amount_vnd * 26 <= 10000000 THEN 2 WHEN wage_amount_vnd * 26 <= 20000000 THEN 3 WHEN wage_amount_vnd * 26 <= 50000000 THEN 4 ELSE 5 END
        WHEN 'hourly' THEN CASE WHEN wage_amount_vnd * 208 < 5000000 THEN 1 WHEN wage_amount_vnd * 208 <= 10000000 THEN 2 WHEN wage_amount_vnd * 208 <= 20000000 THEN 3 WHEN wage_amount_vnd * 208 <= 50000000 THEN 4 ELSE 5 END END) STORED,
      benefits text NOT NULL CHECK (btrim(benefits) <> ''),
      conditions text NOT NULL CHECK (btrim(conditions) <> ''),
      priority_groups text[] NOT NULL DEFAULT '{}',
      recruitment_mode text NOT NULL CHECK (recruitment_mode IN ('in_person', 'online', 'any')),
      deadline date NOT NULL,
      services text[] NOT NULL DEFAULT '{}',
      contact_name text NOT NULL CHECK (btrim(contact_name) <> ''),
      contact_phone text NOT NULL CHECK (contact_phone ~ '^0[0-9]{9,10}$'),
      contact_email text CHECK (contact_email ~ '^[^@\\s]+@[^@\\s]+$'),
      contact_opt_in boolean NOT NULL DEFAULT false,
      opened_on date NOT NULL,
      closed_on date,
      next_deadline_on date,
      next_deadline_rule text,
      whose_move text NOT NULL DEFAULT 'agency',
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (occupation_version_id, occupation_code) REFERENCES occupations (version_id, code) ON DELETE RESTRICT,
      FOREIGN KEY (commune_code, province_code) REFERENCES communes (code, province_code) ON DELETE RESTRICT,
      -- hires never exceed the number to hire (the race for the last place is decided under the vacancy's row lock)
      CHECK (hired_count <= number_to_hire),
      CHECK ((wage_kind = 'band') = (wage_band IS NOT NULL)),
      CHECK ((wage_kind IN ('daily', 'hourly')) = (wage_amount_vnd IS NOT NULL)),
      CHECK ((state = 'open') = (closed_on IS NULL)),
      CHECK (deadline >= opened_on)
    );
    CREATE INDEX vacancies_centre ON vacancies (centre_id, state, deadline);
    CREATE INDEX vacancies_employer ON vacancies (employer_id);
    CREATE INDEX vacancies_open_occ2 ON vacancies (occ2, province_code) WHERE state = 'open';
    CREATE INDEX vacancies_open_occ3 ON vacancies (occ3) WHERE state = 'open';
    CREATE INDEX vacancies_open_deadline ON vacancies (deadline) WHERE state = 'open';

    CREATE TABLE vacancy_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      vacancy_id bigint NOT NULL REFERENCES vacancies (id) ON DELETE RESTRICT,
      at timestamptz NOT NULL,
      actor_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      action text NOT NULL,
      from_state text,
      to_state text NOT NULL,
      input jsonb NOT NULL DEFAULT '{}',
      verdicts jsonb NOT NULL DEFAULT '[]',
      policy_ids bigint[] NOT NULL DEFAULT '{}'
    );
    CREATE INDEX vacancy_events_vacancy ON vacancy_events (vacancy_id, id);
    CREATE TRIGGER vacancy_events_append_only BEFORE UPDATE OR DELETE ON vacancy_events
      FOR EACH ROW EXECUTE FUNCTION refuse_change();

    -- a referral: introduced → interviewed → hired | not hired | withdrawn; hired is a Mẫu 04 row (E2)
    CREATE TABLE referrals (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      job_seeker_id bigint NOT NULL REFERENCES job_seekers (id) ON DELETE RESTRICT,
      seeker_centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      vacancy_id bigint REFERENCES vacancies (id) ON DELETE RESTRICT,
      origin text NOT NULL CHECK (origin IN ('person', 'employer')),
      state text NOT NULL DEFAULT 'introduced' CHECK (state IN ('introduced', 'interviewed', 'hired', 'not_hired', 'withdrawn')),
      version integer NOT NULL DEFAULT 1,
      introduced_on date NOT NULL,
      -- Mẫu 04 (hired)
      contract_type text CHECK (contract_type IN ('indefinite', 'fixed_term', 'seasonal')),
      signed_on date,
      start_on date,
      contract_end_on date,
      position text,
      wage_code smallint CHECK (wage_code BETWEEN 1 AND 5),
      employer_name text,
      employer_enterprise_code text CHECK (employer_enterprise_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
      employer_personal_id varchar(12) CHECK (employer_personal_id ~ '^[0-9]{12}$'),
      employer_sector_code varchar(1),
      employer_address text,
      notified_on date,
      -- E3: the follow-up's outcome
      follow_up_on date,
      still_employed boolean,
      -- E4: the entry on the National Job Exchange
      nje_entered_on date,
      nje_reference text,
      next_deadline_on date,
      next_deadline_rule text,
      whose_move text NOT NULL DEFAULT 'agency',
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (state <> 'hired' OR (contract_type IS NOT NULL AND signed_on IS NOT NULL AND start_on IS NOT NULL
             AND position IS NOT NULL AND wage_code IS NOT NULL AND employer_name IS NOT NULL AND notified_on IS NOT NULL
             AND (employer_enterprise_code IS NOT NULL OR employer_personal_id IS NOT NULL))),
      CHECK (contract_end_on IS NULL OR start_on IS NULL OR contract_end_on > start_on),
      CHECK ((follow_up_on IS NULL) = (still_employed IS NULL)),
      CHECK ((nje_entered_on IS NULL) = (nje_reference IS NULL))
    );
    -- one live referral of a person to a vacancy
    CREATE UNIQUE INDEX referrals_live ON referrals (job_seeker_id, vacancy_id) WHERE state IN ('introduced', 'interviewed', 'hired');
    CREATE INDEX referrals_centre ON referrals (centre_id, state, id DESC);
    CREATE INDEX referrals_seeker_centre ON referrals (seeker_centre_id, state);
    CREATE INDEX referrals_worker ON referrals (worker_id);
    CREATE INDEX referrals_vacancy ON referrals (vacancy_id) WHERE vacancy_id IS NOT NULL;

    CREATE TABLE referral_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      referral_id bigint NOT NULL REFERENCES referrals (id) ON DELETE RESTRICT,
      at timestamptz NOT NULL,
      actor_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      action text NOT NULL,
      from_state text,
      to_state text NOT NULL,
      input jsonb NOT NULL DEFAULT '{}',
      verdicts jsonb NOT NULL DEFAULT '[]',
      policy_ids bigint[] NOT NULL DEFAULT '{}'
    );
    CREATE INDEX referral_events_referral ON referral_events (referral_id, id);
    CREATE TRIGGER referral_events_append_only BEFORE UPDATE OR DELETE ON referral_events
      FOR EACH ROW EXECUTE FUNCTION refuse_change();

    -- asking the centre that holds a job seeker to introduce her: another centre (for its vacancy) or she herself
    CREATE TABLE introduction_requests (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      job_seeker_id bigint NOT NULL REFERENCES job_seekers (id) ON DELETE RESTRICT,
      vacancy_id bigint NOT NULL REFERENCES vacancies (id) ON DELETE RESTRICT,
      to_centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      from_centre_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      from_worker boolean NOT NULL,
      note text CHECK (note IS NULL OR length(note) <= 500),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
      decided_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      decided_at timestamptz,
      decision_note text CHECK (decision_note IS NULL OR length(decision_note) <= 500),
      referral_id bigint REFERENCES referrals (id) ON DELETE RESTRICT,
      requested_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (from_worker = (from_centre_id IS NULL)),
      CHECK ((status = 'pending') = (decided_at IS NULL)),
      CHECK (status <> 'accepted' OR referral_id IS NOT NULL)
    );
    CREATE UNIQUE INDEX introduction_requests_pending ON introduction_requests (job_seeker_id, vacancy_id) WHERE status = 'pending';
    CREATE INDEX introduction_requests_inbox ON introduction_requests (to_centre_id, status, id DESC);

    -- read views: what the exchange reads of a worker (the facts it matches and shows), and the grants' eligible areas
    CREATE VIEW worker_exchange_facts AS
      SELECT id, full_name, full_name_folded, cccd, date_of_birth, sex, ethnicity, phone, email, province_code, commune_code,
             street, general_education, technical_level, household_status, household_status_year
      FROM workers;
    -- a centre's address for the worker who asks where to go
    CREATE OR REPLACE VIEW agency_licences AS
      SELECT id, name, status, kind, licence_number, licence_expires_on, province_code, address FROM agencies;
    CREATE VIEW grant_area_communes AS
      SELECT DISTINCT commune_code FROM grant_eligible_areas WHERE commune_code IS NOT NULL;

    -- obligations and alerts on vacancies (E5) and referrals (E3, E4)
    ALTER TABLE obligations DROP CONSTRAINT obligations_subject_type_check;
    ALTER TABLE obligations ADD CONSTRAINT obligations_subject_type_check
      CHECK (subject_type IN ('case', 'grant_application', 'deposit', 'vacancy', 'referral'));
    ALTER TABLE alerts DROP CONSTRAINT alerts_subject_type_check;
    ALTER TABLE alerts ADD CONSTRAINT alerts_subject_type_check
      CHECK (subject_type IN ('case', 'grant_application', 'deposit', 'agency', 'grant_budget', 'vacancy', 'referral'));
    INSERT INTO alert_rules (id, rule_id, title, worker_text, source, obligation_kind, whose_move, audience, lead_keys,
                             threshold_key, overdue, escalates, severity, position) VALUES
      ('vacancy_deadline', 'E5', 'Hạn tuyển dụng của việc làm trống', NULL,
        'obligation', 'vacancy_deadline', NULL, ARRAY['agency'], ARRAY['alert.vacancy_deadline.lead'], NULL, false, false, 'info', 180),
      ('follow_up', 'E3', 'Theo dõi người lao động sau khi được tuyển', NULL,
        'obligation', 'follow_up', NULL, ARRAY['agency'], ARRAY['alert.follow_up.lead'], NULL, true, true, 'warning', 190),
      ('nje_report', 'E4', 'Cập nhật kết quả kết nối việc làm lên Sàn giao dịch việc làm quốc gia', NULL,
        'obligation', 'nje_report', NULL, ARRAY['agency'], ARRAY['alert.nje_report.lead'], NULL, true, true, 'warning', 200);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DELETE FROM alerts WHERE rule IN ('vacancy_deadline', 'follow_up', 'nje_report');
    DELETE FROM alert_rules WHERE id IN ('vacancy_deadline', 'follow_up', 'nje_report');
    DELETE FROM obligations WHERE subject_type IN ('vacancy', 'referral');
    ALTER TABLE alerts DROP CONSTRAINT alerts_subject_type_check;
    ALTER TABLE alerts ADD CONSTRAINT alerts_subject_type_check
      CHECK (subject_type IN ('case', 'grant_application', 'deposit', 'agency', 'grant_budget'));
    ALTER TABLE obligations DROP CONSTRAINT obligations_subject_type_check;
    ALTER TABLE obligations ADD CONSTRAINT obligations_subject_type_check
      CHECK (subject_type IN ('case', 'grant_application', 'deposit'));
    DROP VIEW IF EXISTS worker_exchange_facts, grant_area_communes;
    DROP VIEW agency_licences;
    CREATE VIEW agency_licences AS
      SELECT id, name, status, kind, licence_number, licence_expires_on, province_code FROM agencies;
    DROP TABLE IF EXISTS introduction_requests, referral_events, referrals, vacancy_events, vacancies,
      job_seeker_registrations, job_seekers, employers, matching_weights, sectors, occupations, occupation_versions;
    ALTER TABLE worker_agency_links DROP COLUMN IF EXISTS withdrawn_on;
    ALTER TABLE workers DROP COLUMN IF EXISTS general_education, DROP COLUMN IF EXISTS technical_level;
    DELETE FROM users WHERE role = 'centre_staff';
    ALTER TABLE users DROP CONSTRAINT IF EXISTS users_centre_scope;
    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check
      CHECK (role IN ('admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker'));
    ALTER TABLE agencies DROP CONSTRAINT IF EXISTS agencies_centre_province;
    DELETE FROM agencies WHERE kind = 'employment_centre';
    ALTER TABLE agencies DROP CONSTRAINT agencies_kind_check;
    ALTER TABLE agencies ADD CONSTRAINT agencies_kind_check CHECK (kind IN ('service_enterprise', 'public_unit', 'other_sender'));
  `);
};
