import type { Migration } from '../server/db/migrate';

// Reference data every install needs: administrative units, CCCD prefixes, countries, holidays and the
// business-day calendar that lets SQL answer working-day questions (ARCHITECTURE.md, Time).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE TABLE provinces (
      code varchar(2) PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
      name text NOT NULL CHECK (name <> ''),
      kind text NOT NULL CHECK (kind IN ('tinh', 'thanh_pho')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE communes (
      code varchar(5) PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
      province_code varchar(2) NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
      name text NOT NULL CHECK (name <> ''),
      kind text NOT NULL CHECK (kind IN ('xa', 'phuong', 'dac_khu')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX communes_province_name ON communes (province_code, name);

    -- Digits 1–3 of a CCCD: the old 63-province codes where the birth was registered (DOMAIN.md §7.1),
    -- editable so codes for births registered abroad can be added.
    CREATE TABLE cccd_prefixes (
      code varchar(3) PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
      name text NOT NULL CHECK (name <> ''),
      kind text NOT NULL DEFAULT 'province' CHECK (kind IN ('province', 'abroad')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE countries (
      code varchar(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
      name_vi text NOT NULL CHECK (name_vi <> ''),
      name_en text NOT NULL CHECK (name_en <> ''),
      region text NOT NULL CHECK (region IN
        ('east_asia', 'southeast_asia', 'middle_east', 'europe', 'americas', 'oceania', 'africa')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE holidays (
      date date PRIMARY KEY,
      name text NOT NULL CHECK (name <> ''),
      kind text NOT NULL CHECK (kind IN ('holiday', 'compensatory', 'makeup_workday')),
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind <> 'makeup_workday' OR extract(isodow FROM date) = 6)
    );

    -- working_index counts the working days up to and including the day, so working-day distances are
    -- differences of two indexes; the TypeScript WorkingCalendar gives the same answers.
    CREATE TABLE business_days (
      day date PRIMARY KEY,
      is_working boolean NOT NULL,
      working_index integer NOT NULL
    );
    CREATE INDEX business_days_working_index ON business_days (working_index) WHERE is_working;

    CREATE FUNCTION refresh_business_days(from_day date, to_day date) RETURNS void LANGUAGE sql AS $$
      DELETE FROM business_days;
      INSERT INTO business_days (day, is_working, working_index)
      SELECT d, w, sum(w::int) OVER (ORDER BY d)
      FROM (
        SELECT g::date AS d,
          CASE
            WHEN h.kind = 'makeup_workday' THEN true
            WHEN extract(isodow FROM g) IN (6, 7) THEN false
            WHEN h.kind IN ('holiday', 'compensatory') THEN false
            ELSE true
          END AS w
        FROM generate_series(from_day, to_day, interval '1 day') AS g
        LEFT JOIN holidays h ON h.date = g::date
      ) s;
    $$;

    -- The date n working days after d (n < 0: before); d itself never counts. NULL outside the calendar.
    CREATE FUNCTION add_working_days(d date, n integer) RETURNS date LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN n = 0 THEN d ELSE (
        SELECT t.day FROM business_days t, business_days s
        WHERE s.day = d AND t.is_working
          AND t.working_index = s.working_index + n + CASE WHEN n < 0 AND NOT s.is_working THEN 1 ELSE 0 END
      ) END;
    $$;

    CREATE FUNCTION working_days_between(a date, b date) RETURNS integer LANGUAGE sql STABLE AS $$
      SELECT (SELECT working_index FROM business_days WHERE day = b) - (SELECT working_index FROM business_days WHERE day = a);
    $$;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP FUNCTION IF EXISTS working_days_between(date, date);
    DROP FUNCTION IF EXISTS add_working_days(date, integer);
    DROP FUNCTION IF EXISTS refresh_business_days(date, date);
    DROP TABLE IF EXISTS business_days, holidays, countries, cccd_prefixes, communes, provinces;
  `);
};
