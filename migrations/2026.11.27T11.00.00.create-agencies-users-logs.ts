import type { Migration } from '../server/db/migrate';

// Agencies and their branches, users with role and scope, login lockouts, and the append-only audit and
// access logs (ARCHITECTURE.md, Auth and Data).
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;

    CREATE TABLE agencies (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('service_enterprise', 'public_unit', 'other_sender')),
      name text NOT NULL CHECK (btrim(name) <> ''),
      licence_number text,
      licence_issued_on date,
      licence_expires_on date,
      tax_code text CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
      address text,
      province_code varchar(2) REFERENCES provinces (code) ON DELETE RESTRICT,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
      deposit_confirmed boolean NOT NULL DEFAULT false,
      deposit_bank text,
      deposit_confirmed_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- Law 69 Art 10: a service enterprise works under a licence.
      CHECK (kind <> 'service_enterprise' OR licence_number IS NOT NULL),
      CHECK (licence_expires_on IS NULL OR licence_issued_on IS NULL OR licence_expires_on > licence_issued_on),
      CHECK (NOT deposit_confirmed OR (deposit_bank IS NOT NULL AND deposit_confirmed_on IS NOT NULL))
    );
    CREATE UNIQUE INDEX agencies_licence_number ON agencies (licence_number) WHERE licence_number IS NOT NULL;
    CREATE UNIQUE INDEX agencies_tax_code ON agencies (tax_code) WHERE tax_code IS NOT NULL;

    -- Branches may not sign contracts or take money (R2, Law 69 Art 17.3); users carry their branch.
    CREATE TABLE agency_branches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      agency_id bigint NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
      name text NOT NULL CHECK (btrim(name) <> ''),
      address text,
      province_code varchar(2) REFERENCES provinces (code) ON DELETE RESTRICT,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (id, agency_id)
    );
    CREATE INDEX agency_branches_agency ON agency_branches (agency_id);

    CREATE TABLE users (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username text NOT NULL CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
      password_hash text NOT NULL,
      display_name text NOT NULL CHECK (btrim(display_name) <> ''),
      role text NOT NULL CHECK (role IN ('admin', 'agency_staff', 'commune_officer', 'province_officer', 'worker')),
      agency_id bigint REFERENCES agencies (id) ON DELETE RESTRICT,
      branch_id bigint,
      commune_code varchar(5) REFERENCES communes (code) ON DELETE RESTRICT,
      province_code varchar(2) REFERENCES provinces (code) ON DELETE RESTRICT,
      token_version integer NOT NULL DEFAULT 0,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- a branch of the user's own agency only
      FOREIGN KEY (branch_id, agency_id) REFERENCES agency_branches (id, agency_id) ON DELETE RESTRICT,
      -- each role carries exactly the scope it needs
      CHECK (role <> 'admin' OR (agency_id IS NULL AND commune_code IS NULL AND province_code IS NULL)),
      CHECK (role <> 'agency_staff' OR (agency_id IS NOT NULL AND commune_code IS NULL AND province_code IS NULL)),
      CHECK (role <> 'commune_officer' OR (commune_code IS NOT NULL AND agency_id IS NULL)),
      CHECK (role <> 'province_officer' OR (province_code IS NOT NULL AND agency_id IS NULL AND commune_code IS NULL)),
      CHECK (branch_id IS NULL OR role = 'agency_staff')
    );
    CREATE UNIQUE INDEX users_username ON users (username);

    -- Five failures for one username from one client address lock that pair (not the account everywhere).
    CREATE TABLE login_failures (
      username text NOT NULL,
      client_address text NOT NULL,
      failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
      locked_until timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (username, client_address)
    );

    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      actor_role text,
      action text NOT NULL,
      entity text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb,
      sensitive_fields text[] NOT NULL DEFAULT '{}',
      request_id text
    );
    CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change();

    CREATE TABLE access_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      actor_role text NOT NULL,
      organisation text,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      route text NOT NULL
    );
    CREATE INDEX access_log_subject ON access_log (subject_type, subject_id, at);
    CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION refuse_change();
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP TABLE IF EXISTS access_log, audit_log, login_failures, users, agency_branches, agencies;
    DROP FUNCTION IF EXISTS refuse_change();
  `);
};
