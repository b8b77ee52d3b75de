import type { Migration } from '../server/db/migrate';

// The worker registry: one person per CCCD, shared between agencies through consent links (DOMAIN.md §1.1, §7, §9).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE UNIQUE INDEX communes_code_province ON communes (code, province_code);

    CREATE TABLE workers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      full_name text NOT NULL CHECK (btrim(full_name) <> '' AND full_name = normalize(full_name, NFC)),
      -- lower case, no diacritics, đ → d: filled by the app (unaccent() is not IMMUTABLE)
      full_name_folded text NOT NULL,
      name_words tsvector GENERATED ALWAYS AS (to_tsvector('simple', full_name_folded)) STORED,
      date_of_birth date NOT NULL CHECK (date_of_birth >= '1900-01-01'),
      sex text NOT NULL CHECK (sex IN ('male', 'female')),
      cccd varchar(12) NOT NULL CHECK (cccd ~ '^[0-9]{12}$'),
      cccd_issued_on date,
      phone text CHECK (phone ~ '^0[0-9]{9,10}$'),
      email text CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
      ethnicity text,
      province_code varchar(2) REFERENCES provinces (code) ON DELETE RESTRICT,
      commune_code varchar(5),
      street text,
      old_province_name text,
      old_district_name text,
      education text CHECK (education IN ('none', 'primary', 'lower_secondary', 'upper_secondary', 'vocational', 'college', 'university', 'postgraduate')),
      languages text[] NOT NULL DEFAULT '{}',
      household_status text NOT NULL DEFAULT 'none' CHECK (household_status IN ('poor', 'near_poor', 'escaped_poverty', 'none')),
      household_status_year integer CHECK (household_status_year BETWEEN 2000 AND 2100),
      land_recovered boolean NOT NULL DEFAULT false,
      meritorious_family boolean NOT NULL DEFAULT false,
      created_by_agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- the commune lies in the province
      FOREIGN KEY (commune_code, province_code) REFERENCES communes (code, province_code) ON DELETE RESTRICT,
      CHECK (household_status = 'none' OR household_status_year IS NOT NULL)
    );
    CREATE UNIQUE INDEX workers_cccd ON workers (cccd);
    CREATE INDEX workers_name_order ON workers (full_name_folded, id);
    CREATE INDEX workers_name_words ON workers USING gin (name_words);
    CREATE INDEX workers_phone ON workers (phone) WHERE phone IS NOT NULL;
    CREATE INDEX workers_commune ON workers (commune_code, full_name_folded);
    CREATE INDEX workers_province ON workers (province_code, full_name_folded);

    -- An agency sees the workers linked to it; consent (date, purposes, evidence) lives on the link.
    CREATE TABLE worker_agency_links (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      worker_id bigint NOT NULL REFERENCES workers (id) ON DELETE RESTRICT,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      since date NOT NULL,
      consent_date date NOT NULL,
      purposes text[] NOT NULL CHECK (cardinality(purposes) > 0),
      evidence text NOT NULL CHECK (btrim(evidence) <> ''),
      created_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (worker_id, agency_id)
    );
    CREATE INDEX worker_agency_links_agency ON worker_agency_links (agency_id, worker_id);

    ALTER TABLE users ADD COLUMN worker_id bigint REFERENCES workers (id) ON DELETE RESTRICT;
    CREATE UNIQUE INDEX users_worker ON users (worker_id) WHERE worker_id IS NOT NULL;
    ALTER TABLE users ADD CONSTRAINT users_worker_scope CHECK ((role = 'worker') = (worker_id IS NOT NULL));
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE users DROP CONSTRAINT IF EXISTS users_worker_scope;
    DROP INDEX IF EXISTS users_worker;
    ALTER TABLE users DROP COLUMN IF EXISTS worker_id;
    DROP TABLE IF EXISTS worker_agency_links, workers;
    DROP INDEX IF EXISTS communes_code_province;
  `);
};
