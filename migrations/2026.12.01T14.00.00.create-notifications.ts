import type { Migration } from '../server/db/migrate';

// One inbox for everyone: a notification addressed to a user, or to a worker (who may get an account later; the
// portal reads hers by worker). Written by durable effects, so each carries the key its job was sent with: a job
// delivered twice writes one row.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE notifications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      recipient_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      recipient_worker_id bigint REFERENCES workers (id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind ~ '^[a-z_.]+$'),
      title text NOT NULL CHECK (btrim(title) <> ''),
      body text,
      subject_type text,
      subject_id text,
      idempotency_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      CHECK (recipient_user_id IS NOT NULL OR recipient_worker_id IS NOT NULL)
    );
    CREATE UNIQUE INDEX notifications_idempotency ON notifications (idempotency_key);
    CREATE INDEX notifications_worker ON notifications (recipient_worker_id, created_at DESC) WHERE recipient_worker_id IS NOT NULL;
    CREATE INDEX notifications_user ON notifications (recipient_user_id, created_at DESC) WHERE recipient_user_id IS NOT NULL;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query('DROP TABLE IF EXISTS notifications');
};
