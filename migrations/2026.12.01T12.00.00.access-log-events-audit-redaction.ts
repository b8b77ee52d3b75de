import type { Migration } from '../server/db/migrate';
import { config } from '../server/config';
import { redactForAudit } from '../server/shared/audit';

// 1. access_log says what was read (its event type), from which request and address.
// 2. The audit log keeps no identifying number in clear: existing before/after pictures are redacted as new ones are
//    (CCCD, phone, e-mail, date of birth and paper numbers masked, with an HMAC-SHA256 under AUDIT_HASH_KEY and its
//    key id). This is the one documented exception to append-only: the trigger is off inside this transaction only
//    (ALTER TABLE is transactional and holds an exclusive lock on audit_log, so no other session sees it off).
const BATCH = 1000;

export const up: Migration = async ({ context: qi }) => {
  const db = qi.sequelize;
  const key = config().auditHash;
  await db.transaction(async (transaction) => {
    // the event of rows written before it existed, from what they were about
    await db.query(
      `
      ALTER TABLE access_log DISABLE TRIGGER access_log_append_only;
      ALTER TABLE access_log ADD COLUMN event text, ADD COLUMN request_id text, ADD COLUMN client_address text;
      UPDATE access_log SET event = CASE subject_type WHEN 'user' THEN 'user.read' WHEN 'paper' THEN 'scan.downloaded'
        WHEN 'departure_list' THEN 'departures.exported' ELSE 'worker.read' END;
      ALTER TABLE access_log ALTER COLUMN event SET NOT NULL;
      ALTER TABLE access_log ENABLE TRIGGER access_log_append_only;
      CREATE INDEX access_log_actor ON access_log (actor_user_id, at);
    `,
      { transaction },
    );
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only', { transaction });
    let after = 0;
    for (;;) {
      const [rows] = (await db.query(
        'SELECT id, before, after FROM audit_log WHERE id > $1 AND (before IS NOT NULL OR after IS NOT NULL) ORDER BY id LIMIT $2',
        { bind: [after, BATCH], transaction },
      )) as [{ id: string; before: unknown; after: unknown }[], unknown];
      if (!rows.length) break;
      for (const r of rows) {
        const before = redactForAudit(r.before, key);
        const next = redactForAudit(r.after, key);
        if (JSON.stringify(before) !== JSON.stringify(r.before) || JSON.stringify(next) !== JSON.stringify(r.after)) {
          await db.query('UPDATE audit_log SET before = $2, after = $3 WHERE id = $1', {
            bind: [r.id, JSON.stringify(before), JSON.stringify(next)],
            transaction,
          });
        }
      }
      after = Number(rows[rows.length - 1].id);
    }
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only', { transaction });
  });
};

export const down: Migration = async ({ context: qi }) => {
  // the redaction cannot be undone (nothing keeps the clear values); the columns go
  await qi.sequelize.query(`
    DROP INDEX IF EXISTS access_log_actor;
    ALTER TABLE access_log DROP COLUMN IF EXISTS event, DROP COLUMN IF EXISTS request_id, DROP COLUMN IF EXISTS client_address;
  `);
};
