import type { Migration } from '../server/db/migrate';

// The overseas hand-off (issue 22; Decree 352 Art 7.1.b; DOMAIN.md §15.6): a centre refers a job seeker who wants to
// work abroad, is 18 or older (R1) and asks for it, to a licensed sending organisation's open order. The referral
// waits in that organisation's inbox; on acceptance the organisation links the worker with her consent and opens the
// application (a case whose source is the centre's referral); the referral then follows the case.
// - referrals: an overseas hire (a Mẫu 04 row, E2) names the foreign employer, with no enterprise code or personal
//   id, and its start is known only at departure; an overseas referral is always at the person's request;
// - handoff_requests: the worker asks in the portal, with her own dated consent; her centre decides (the centre
//   stays the one that introduces, Decree 352 Art 7.1.b);
// - cases.source: where an application came from (the agency's own, or a centre's referral, with the referral).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    -- the hire CHECK of part 1 has a generated name: find it by its definition, never by a guess
    DO $$
    DECLARE c record; n integer := 0;
    BEGIN
      FOR c IN
        SELECT conname FROM pg_constraint
        WHERE conrelid = 'referrals'::regclass AND contype = 'c'
          AND pg_get_constraintdef(oid) LIKE '%employer_enterprise_code IS NOT NULL%'
          AND pg_get_constraintdef(oid) LIKE '%hired%'
      LOOP
        EXECUTE format('ALTER TABLE referrals DROP CONSTRAINT %I', c.conname);
        n := n + 1;
      END LOOP;
      IF n <> 1 THEN RAISE EXCEPTION 'expected one hire CHECK on referrals, found %', n; END IF;
    END $$;
    -- hired is a signed contract with its Mẫu 04 facts (E2); abroad: the foreign employer by name (no code), the start
    -- date once the worker departs
    ALTER TABLE referrals ADD CONSTRAINT referrals_hire_complete
      CHECK (state <> 'hired' OR (contract_type IS NOT NULL AND signed_on IS NOT NULL AND position IS NOT NULL
             AND wage_code IS NOT NULL AND employer_name IS NOT NULL AND notified_on IS NOT NULL
             AND (start_on IS NOT NULL OR job_order_id IS NOT NULL)
             AND (employer_enterprise_code IS NOT NULL OR employer_personal_id IS NOT NULL OR job_order_id IS NOT NULL)));
    -- an overseas referral is made at the person's request (Decree 352 Art 7.1.b: she asks for the overseas job)
    ALTER TABLE referrals ADD CONSTRAINT referrals_abroad_person CHECK (job_order_id IS NULL OR origin = 'person');
    -- her own dated consent, in the portal, to hand her data to the sending organisation (the acceptance may cite it)
    ALTER TABLE referrals ADD COLUMN sender_consent_on date;
    ALTER TABLE referrals ADD CONSTRAINT referrals_sender_consent CHECK (sender_consent_on IS NULL OR job_order_id IS NOT NULL);
    CREATE INDEX referrals_abroad_centre ON referrals (seeker_centre_id, state) WHERE job_order_id IS NOT NULL;

    CREATE TABLE handoff_requests (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      job_seeker_id bigint NOT NULL REFERENCES job_seekers (id) ON DELETE RESTRICT,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      job_order_id bigint NOT NULL REFERENCES job_orders (id) ON DELETE RESTRICT,
      -- the centre holding her record decides
      centre_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      consent_on date NOT NULL,
      note text CHECK (note IS NULL OR char_length(note) <= 500),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'referred', 'declined')),
      decided_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      decided_at timestamptz,
      decision_note text CHECK (decision_note IS NULL OR char_length(decision_note) <= 500),
      referral_id bigint REFERENCES referrals (id) ON DELETE RESTRICT,
      requested_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'pending') = (decided_at IS NULL)),
      CHECK ((status = 'referred') = (referral_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX handoff_requests_pending ON handoff_requests (job_seeker_id, job_order_id) WHERE status = 'pending';
    CREATE INDEX handoff_requests_centre ON handoff_requests (centre_id, status, id DESC);

    ALTER TABLE cases
      ADD COLUMN source text NOT NULL DEFAULT 'agency' CHECK (source IN ('agency', 'centre_referral')),
      ADD COLUMN source_referral_id bigint REFERENCES referrals (id) ON DELETE RESTRICT,
      ADD CONSTRAINT cases_source_referral CHECK ((source = 'centre_referral') = (source_referral_id IS NOT NULL));
    -- one application per referral
    CREATE UNIQUE INDEX cases_source_referral_once ON cases (source_referral_id) WHERE source_referral_id IS NOT NULL;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP INDEX cases_source_referral_once;
    ALTER TABLE cases DROP CONSTRAINT cases_source_referral, DROP COLUMN source_referral_id, DROP COLUMN source;
    DROP TABLE handoff_requests;
    DROP INDEX referrals_abroad_centre;
    ALTER TABLE referrals DROP CONSTRAINT referrals_sender_consent, DROP COLUMN sender_consent_on,
      DROP CONSTRAINT referrals_abroad_person, DROP CONSTRAINT referrals_hire_complete;
    ALTER TABLE referrals ADD CONSTRAINT referrals_hire_complete
      CHECK (state <> 'hired' OR (contract_type IS NOT NULL AND signed_on IS NOT NULL AND start_on IS NOT NULL
             AND position IS NOT NULL AND wage_code IS NOT NULL AND employer_name IS NOT NULL AND notified_on IS NOT NULL
             AND (employer_enterprise_code IS NOT NULL OR employer_personal_id IS NOT NULL))) NOT VALID;
  `);
};
