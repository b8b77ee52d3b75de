import type { Migration } from '../server/db/migrate';

// The job exchange, part 2 (issue 22; DOMAIN.md §15.4): job exchange sessions (phiên giao dịch việc làm), their
// booths, registrations with signed tickets, what staff record for each person at a session, the counselling log
// (inside and outside sessions: Mẫu 01 lines 1–2), and the referral columns the later parts share — the session an
// introduction was made at, and the overseas order and case of a hand-off to a sending organisation (Decree 352 Art
// 7.1.b). The tables of the reports, the programme results and the population-database port come in their own
// migrations.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE exchange_sessions (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      name text NOT NULL CHECK (btrim(name) <> '' AND char_length(name) <= 200),
      kind text NOT NULL CHECK (kind IN ('fixed', 'mobile', 'online')),
      -- the local day and hours (Asia/Ho_Chi_Minh), as printed on the invitation
      held_on date NOT NULL,
      starts_at time NOT NULL,
      ends_at time NOT NULL,
      venue text NOT NULL CHECK (btrim(venue) <> '' AND char_length(venue) <= 300),
      -- a mobile session is held in a commune; an online one may give its link as the venue
      commune_code varchar(5),
      state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'held', 'cancelled')),
      version integer NOT NULL DEFAULT 1,
      note text CHECK (note IS NULL OR char_length(note) <= 2000),
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (commune_code, province_code) REFERENCES communes (code, province_code) ON DELETE RESTRICT,
      CHECK (ends_at > starts_at),
      CHECK (kind <> 'mobile' OR commune_code IS NOT NULL)
    );
    CREATE INDEX exchange_sessions_centre ON exchange_sessions (centre_id, held_on DESC, id DESC);
    CREATE INDEX exchange_sessions_province ON exchange_sessions (province_code, held_on);

    -- a booth: an employer with its vacancies, or a sending organisation with its open overseas orders
    CREATE TABLE session_booths (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      session_id bigint NOT NULL REFERENCES exchange_sessions (id) ON DELETE RESTRICT,
      employer_id bigint REFERENCES employers (id) ON DELETE RESTRICT,
      sender_agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      booth_label text CHECK (booth_label IS NULL OR char_length(booth_label) <= 50),
      -- the demand declared for the session: places in the province, outside it, abroad
      demand_in_province integer NOT NULL DEFAULT 0 CHECK (demand_in_province BETWEEN 0 AND 100000),
      demand_out_of_province integer NOT NULL DEFAULT 0 CHECK (demand_out_of_province BETWEEN 0 AND 100000),
      demand_abroad integer NOT NULL DEFAULT 0 CHECK (demand_abroad BETWEEN 0 AND 100000),
      vacancy_ids bigint[] NOT NULL DEFAULT '{}',
      job_order_ids bigint[] NOT NULL DEFAULT '{}',
      registered_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (num_nonnulls(employer_id, sender_agency_id) = 1),
      CHECK (sender_agency_id IS NULL OR cardinality(vacancy_ids) = 0),
      CHECK (employer_id IS NULL OR cardinality(job_order_ids) = 0)
    );
    CREATE UNIQUE INDEX session_booths_employer ON session_booths (session_id, employer_id) WHERE employer_id IS NOT NULL;
    CREATE UNIQUE INDEX session_booths_sender ON session_booths (session_id, sender_agency_id) WHERE sender_agency_id IS NOT NULL;

    -- a person registered for a session; the ticket's random part is stored, its signature is computed (HMAC of the
    -- server's key), so a forged code is refused before any lookup
    CREATE TABLE session_registrations (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      session_id bigint NOT NULL REFERENCES exchange_sessions (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      job_seeker_id bigint REFERENCES job_seekers (id) ON DELETE RESTRICT,
      ticket text NOT NULL CHECK (ticket ~ '^[A-Z2-9]{8}$'),
      channel text NOT NULL CHECK (channel IN ('staff', 'portal', 'walk_in')),
      registered_at timestamptz NOT NULL DEFAULT now(),
      registered_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      checked_in_at timestamptz,
      checked_in_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      CHECK ((checked_in_at IS NULL) = (checked_in_by_user_id IS NULL)),
      CHECK (channel <> 'walk_in' OR checked_in_at IS NOT NULL)
    );
    CREATE UNIQUE INDEX session_registrations_person ON session_registrations (session_id, worker_id);
    CREATE UNIQUE INDEX session_registrations_ticket ON session_registrations (ticket);
    CREATE INDEX session_registrations_worker ON session_registrations (worker_id);

    -- what staff record for a person at a session (append-only): an interview with a booth, a pre-selection, a
    -- registration for overseas work (counselling is in counselling_records; introductions are referrals)
    CREATE TABLE session_activities (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      session_id bigint NOT NULL REFERENCES exchange_sessions (id) ON DELETE RESTRICT,
      registration_id bigint NOT NULL REFERENCES session_registrations (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('interview', 'preselection', 'overseas_registration')),
      booth_id bigint REFERENCES session_booths (id) ON DELETE RESTRICT,
      note text CHECK (note IS NULL OR char_length(note) <= 1000),
      recorded_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind = 'overseas_registration' OR booth_id IS NOT NULL)
    );
    CREATE INDEX session_activities_session ON session_activities (session_id, kind);
    CREATE INDEX session_activities_worker ON session_activities (worker_id);
    CREATE TRIGGER session_activities_append_only BEFORE UPDATE OR DELETE ON session_activities
      FOR EACH ROW EXECUTE FUNCTION refuse_change();

    -- the counselling log (Mẫu 01 lines 1 and 2), at a session or not: a person (job, policy or overseas work) or an
    -- employer (append-only)
    CREATE TABLE counselling_records (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      session_id bigint REFERENCES exchange_sessions (id) ON DELETE RESTRICT,
      worker_id bigint REFERENCES workers (id) ON DELETE RESTRICT,
      employer_id bigint REFERENCES employers (id) ON DELETE RESTRICT,
      topic text NOT NULL CHECK (topic IN ('job', 'policy', 'overseas')),
      counselled_on date NOT NULL,
      note text CHECK (note IS NULL OR char_length(note) <= 2000),
      recorded_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CHECK (num_nonnulls(worker_id, employer_id) = 1),
      CHECK (employer_id IS NULL OR topic <> 'overseas')
    );
    CREATE INDEX counselling_records_centre ON counselling_records (centre_id, counselled_on);
    CREATE INDEX counselling_records_session ON counselling_records (session_id) WHERE session_id IS NOT NULL;
    CREATE INDEX counselling_records_worker ON counselling_records (worker_id) WHERE worker_id IS NOT NULL;
    CREATE TRIGGER counselling_records_append_only BEFORE UPDATE OR DELETE ON counselling_records
      FOR EACH ROW EXECUTE FUNCTION refuse_change();

    -- referrals: the session an introduction was made at (a hire weeks later still counts for it); the overseas
    -- order and the case of a hand-off to a sending organisation (its state follows the case)
    ALTER TABLE referrals
      ADD COLUMN session_id bigint REFERENCES exchange_sessions (id) ON DELETE RESTRICT,
      ADD COLUMN job_order_id bigint REFERENCES job_orders (id) ON DELETE RESTRICT,
      ADD COLUMN sender_agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      ADD COLUMN case_id bigint REFERENCES cases (id) ON DELETE RESTRICT,
      ADD COLUMN abroad boolean GENERATED ALWAYS AS (job_order_id IS NOT NULL) STORED,
      ADD CONSTRAINT referrals_one_target CHECK (num_nonnulls(vacancy_id, job_order_id) <= 1),
      ADD CONSTRAINT referrals_sender CHECK ((job_order_id IS NULL) = (sender_agency_id IS NULL));
    CREATE INDEX referrals_session ON referrals (session_id) WHERE session_id IS NOT NULL;
    CREATE INDEX referrals_sender_inbox ON referrals (sender_agency_id, state, id DESC) WHERE sender_agency_id IS NOT NULL;
    CREATE UNIQUE INDEX referrals_live_order ON referrals (job_seeker_id, job_order_id)
      WHERE job_order_id IS NOT NULL AND state IN ('introduced', 'interviewed', 'hired');
    CREATE UNIQUE INDEX referrals_case ON referrals (case_id) WHERE case_id IS NOT NULL;

    -- the sessions module's reads of the exchange's records (read-only views the exchange declares in READ_VIEWS):
    -- a centre's employers and their vacancies for its booths, job seekers for registrations and introductions, and
    -- the referrals made at a session (the counts: a hire weeks later still counts for its session)
    CREATE VIEW exchange_employer_directory AS
      SELECT id, centre_id, kind, name, name_folded, enterprise_code, province_code FROM employers;
    CREATE VIEW exchange_vacancy_directory AS
      SELECT id, centre_id, employer_id, title, state, number_to_hire, hired_count, deadline, province_code FROM vacancies;
    CREATE VIEW exchange_seeker_directory AS
      SELECT id, worker_id, centre_id, status, wants_abroad FROM job_seekers;
    CREATE VIEW session_referral_outcomes AS
      SELECT id, session_id, centre_id, seeker_centre_id, job_seeker_id, worker_id, vacancy_id, job_order_id, abroad,
             state, introduced_on, signed_on, employer_name
      FROM referrals WHERE session_id IS NOT NULL;
    -- why a session was cancelled (shown on its page and to those registered)
    ALTER TABLE exchange_sessions ADD COLUMN cancel_reason text
      CHECK (cancel_reason IS NULL OR char_length(cancel_reason) <= 500);
    -- check-in by name lists a session's registrations: the session's rows in one index range
    CREATE INDEX session_registrations_checked_in ON session_registrations (session_id, checked_in_at);
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP VIEW IF EXISTS session_referral_outcomes, exchange_seeker_directory, exchange_vacancy_directory,
      exchange_employer_directory;
    ALTER TABLE referrals DROP CONSTRAINT referrals_one_target, DROP CONSTRAINT referrals_sender,
      DROP COLUMN abroad, DROP COLUMN case_id, DROP COLUMN sender_agency_id, DROP COLUMN job_order_id,
      DROP COLUMN session_id;
    DROP TABLE counselling_records, session_activities, session_registrations, session_booths, exchange_sessions;
  `);
};
