import type { Migration } from '../server/db/migrate';

// The job exchange's reports (issue 22; DOMAIN.md §15.4, §15.2):
// - exchange_reports: a centre's Decree 352 Annex III Mẫu 01 for a year and a period (six-monthly or annual, E6): a
//   draft with the lines staff enter by hand (the plan column, line 4 training, line 5 unemployment insurance, line 6
//   labour-market information), then issued once: the computed lines 1–3 (current and prior period) are frozen into
//   the row, which never changes again (a trigger), and the PDF is a numbered, signed document.
// - nje_exports and nje_export_rows: batch files for the National Job Exchange (job seekers, vacancies, Mẫu 04
//   connection results); a batch records exactly the rows it carries, and is marked sent with its date and reference
//   (only then is the E4 obligation of each Mẫu 04 row met).
// - read views of the sessions' and the exchange's records (the owners declare them in READ_VIEWS), indexes for the
//   report's period scans, the E6 obligation (subject: the centre) and its alert rule.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE exchange_reports (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      year integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
      -- six-monthly (data 15 Dec – 14 Jun, due before 20 Jun) or annual (data 15 Dec – 14 Dec, due before 20 Dec)
      period text NOT NULL CHECK (period IN ('half', 'annual')),
      state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'issued')),
      version integer NOT NULL DEFAULT 1,
      -- entered by hand (nhập tay): {"plan": {"1.1": 12, …}, "4.1": {"prior": 3, "current": 5}, …}
      entered jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(entered) = 'object'),
      labour_market_info text CHECK (labour_market_info IS NULL OR char_length(labour_market_info) <= 5000),
      -- whether line 5 (unemployment insurance) belongs in this centre's report: the provincial centre only
      provincial boolean NOT NULL,
      -- frozen at the issue: the computed lines 1–3 with both periods
      computed jsonb,
      issued_on date,
      issued_at timestamptz,
      issued_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      document_id bigint REFERENCES documents (id) ON DELETE RESTRICT,
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((state = 'issued') = (computed IS NOT NULL AND issued_on IS NOT NULL AND issued_at IS NOT NULL
                                  AND issued_by_user_id IS NOT NULL)),
      CHECK (state = 'issued' OR document_id IS NULL)
    );
    -- one issued report per centre, year and period; one draft at a time
    CREATE UNIQUE INDEX exchange_reports_issued ON exchange_reports (centre_id, year, period) WHERE state = 'issued';
    CREATE UNIQUE INDEX exchange_reports_draft ON exchange_reports (centre_id, year, period) WHERE state = 'draft';
    CREATE INDEX exchange_reports_province ON exchange_reports (province_code, year DESC);

    -- an issued report never changes (its document is attached once, in the issuing transaction) nor goes away
    CREATE FUNCTION exchange_reports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.state = 'issued' THEN RAISE EXCEPTION 'an issued report cannot be deleted' USING ERRCODE = '55000'; END IF;
        RETURN OLD;
      END IF;
      IF OLD.state = 'issued' THEN
        IF OLD.document_id IS NULL AND NEW.document_id IS NOT NULL
           AND (to_jsonb(NEW) - 'document_id') = (to_jsonb(OLD) - 'document_id') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'an issued report cannot be changed' USING ERRCODE = '55000';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER exchange_reports_frozen BEFORE UPDATE OR DELETE ON exchange_reports
      FOR EACH ROW EXECUTE FUNCTION exchange_reports_frozen();

    -- batch files for the National Job Exchange (E4)
    CREATE TABLE nje_exports (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('job_seekers', 'vacancies', 'connections')),
      row_count integer NOT NULL CHECK (row_count BETWEEN 1 AND 50000),
      state text NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'sent')),
      version integer NOT NULL DEFAULT 1,
      sent_on date,
      sent_reference text CHECK (sent_reference IS NULL OR (btrim(sent_reference) <> '' AND char_length(sent_reference) <= 100)),
      sent_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      sent_at timestamptz,
      created_by_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((state = 'sent') = (sent_on IS NOT NULL AND sent_reference IS NOT NULL AND sent_by_user_id IS NOT NULL
                                 AND sent_at IS NOT NULL))
    );
    CREATE INDEX nje_exports_centre ON nje_exports (centre_id, id DESC);
    CREATE INDEX nje_exports_province ON nje_exports (province_code, id DESC);

    -- exactly the rows a batch carries: a job seeker, a vacancy or a referral (a Mẫu 04 row), by kind (append-only)
    CREATE TABLE nje_export_rows (
      export_id bigint NOT NULL REFERENCES nje_exports (id) ON DELETE RESTRICT,
      position integer NOT NULL CHECK (position > 0),
      row_id bigint NOT NULL,
      PRIMARY KEY (export_id, position),
      UNIQUE (export_id, row_id)
    );
    CREATE INDEX nje_export_rows_row ON nje_export_rows (row_id);
    CREATE TRIGGER nje_export_rows_append_only BEFORE UPDATE OR DELETE ON nje_export_rows
      FOR EACH ROW EXECUTE FUNCTION refuse_change();

    -- read views: what the report reads of the sessions' records (the sessions module declares them)
    CREATE VIEW session_report_facts AS
      SELECT id, centre_id, province_code, name, kind, held_on, venue, state FROM exchange_sessions;
    CREATE VIEW session_booth_report_facts AS
      SELECT id, session_id, employer_id, sender_agency_id FROM session_booths;
    CREATE VIEW session_activity_report_facts AS
      SELECT id, session_id, worker_id, kind FROM session_activities;
    CREATE VIEW counselling_report_facts AS
      SELECT id, centre_id, session_id, worker_id, employer_id, topic, counselled_on FROM counselling_records;
    -- and of the exchange's (the exchange declares them): no ethnicity, priority group or household status
    CREATE VIEW seeker_registration_report_facts AS
      SELECT r.id, r.job_seeker_id, r.centre_id, r.registered_on, s.worker_id
      FROM job_seeker_registrations r JOIN job_seekers s ON s.id = r.job_seeker_id;
    CREATE VIEW referral_report_facts AS
      SELECT id, centre_id, seeker_centre_id, job_seeker_id, worker_id, vacancy_id, origin, state, version, introduced_on,
             signed_on, start_on, position, wage_code, employer_name, employer_enterprise_code, employer_personal_id,
             employer_sector_code, employer_address, notified_on, nje_entered_on, nje_reference, session_id, abroad
      FROM referrals;
    CREATE VIEW vacancy_report_facts AS
      SELECT id, centre_id, employer_id, state, title, number_to_hire, hired_count, position, occupation_code,
             general_education, technical_level, province_code, commune_code, industrial_zone, contract_type, full_time,
             wage_code, wage_kind, deadline, opened_on, closed_on
      FROM vacancies;
    CREATE VIEW job_seeker_export_facts AS
      SELECT id, worker_id, centre_id, status, registered_on, training_field, job_title, job_description, position,
             occupation_code, experience, province_1, commune_1, province_2, commune_2, contract_type, full_time,
             wage_kind, wage_code, available_from, recruitment_mode, wants_abroad
      FROM job_seekers;
    CREATE VIEW employer_report_facts AS
      SELECT id, centre_id, name, kind, enterprise_code, personal_id, sector_code, address, province_code FROM employers;

    -- the report's period scans: a centre's referrals by the day introduced and the day hired, vacancies by opening
    CREATE INDEX referrals_report_introduced ON referrals (centre_id, introduced_on) INCLUDE (origin, worker_id);
    CREATE INDEX referrals_report_hired ON referrals (centre_id, signed_on) INCLUDE (origin, worker_id) WHERE state = 'hired';
    CREATE INDEX vacancies_report_opened ON vacancies (centre_id, opened_on) INCLUDE (number_to_hire, technical_level);
    CREATE INDEX counselling_records_report ON counselling_records (centre_id, counselled_on) INCLUDE (worker_id, employer_id, topic);
    CREATE INDEX session_booths_report ON session_booths (session_id) INCLUDE (employer_id, sender_agency_id);
    CREATE INDEX session_activities_report ON session_activities (session_id, kind) INCLUDE (worker_id);

    -- E6: the report's due dates are obligations of the centre (subject: the agency; kind 'exchange_report:2026-half').
    -- The subject types are extended, not rewritten: other migrations may have added theirs.
    DO $do$
    DECLARE def text;
    BEGIN
      SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint WHERE conname = 'obligations_subject_type_check';
      IF position('''agency''' IN def) = 0 THEN
        ALTER TABLE obligations DROP CONSTRAINT obligations_subject_type_check;
        EXECUTE 'ALTER TABLE obligations ADD CONSTRAINT obligations_subject_type_check '
          || replace(def, 'ARRAY[', 'ARRAY[''agency''::text, ');
      END IF;
    END $do$;
    INSERT INTO alert_rules (id, rule_id, title, worker_text, source, obligation_kind, whose_move, audience, lead_keys,
                             threshold_key, overdue, escalates, severity, position) VALUES
      ('exchange_report', 'E6', 'Báo cáo tình hình hoạt động của trung tâm dịch vụ việc làm (Mẫu 01 Phụ lục III Nghị định 352)', NULL,
        'obligation', 'exchange_report', NULL, ARRAY['agency'], ARRAY['alert.exchange_report.lead'], NULL, true, true, 'warning', 210);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DELETE FROM alerts WHERE rule = 'exchange_report';
    DELETE FROM alert_rules WHERE id = 'exchange_report';
    DELETE FROM obligations WHERE subject_type = 'agency' AND kind LIKE 'exchange_report:%';
    DROP INDEX IF EXISTS referrals_report_introduced, referrals_report_hired, vacancies_report_opened,
      counselling_records_report, session_booths_report, session_activities_report;
    DROP VIEW IF EXISTS session_report_facts, session_booth_report_facts, session_activity_report_facts,
      counselling_report_facts, seeker_registration_report_facts, referral_report_facts, vacancy_report_facts,
      job_seeker_export_facts, employer_report_facts;
    DROP TABLE IF EXISTS nje_export_rows, nje_exports, exchange_reports;
    DROP FUNCTION IF EXISTS exchange_reports_frozen();
  `);
};
