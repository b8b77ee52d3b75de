import { expect } from 'chai';
import { sequelize } from '../../../server/db/sequelize';
import { recordAudit } from '../../../server/shared/audit';
import { makeUser } from '../../helpers/factories';
import { toActor } from '../../../server/modules/users';

const q = (sql: string) => sequelize().query(sql);

describe('audit_log and access_log', () => {
  it('when a change touches sensitive fields, then they appear by name only, never by value', async () => {
    const { user } = await makeUser('admin');
    await recordAudit({
      actor: toActor(user),
      action: 'worker.updated',
      entity: 'worker',
      entityId: 7,
      before: { fullName: 'Lò Văn A', ethnicity: 'Thái', passwordHash: 'x' },
      after: { fullName: 'Lò Văn A', ethnicity: 'Mường', passwordHash: 'y' },
    });
    const [[row]] = (await q("SELECT before, after, sensitive_fields FROM audit_log WHERE entity = 'worker'")) as [
      Record<string, unknown>[],
      unknown,
    ];
    expect(row.sensitive_fields).to.deep.equal(['ethnicity']);
    expect(JSON.stringify(row)).not.to.contain('Thái').and.not.to.contain('Mường').and.not.to.contain('passwordHash');
    expect(row.after).to.deep.equal({ fullName: 'Lò Văn A' });
  });

  for (const table of ['audit_log', 'access_log']) {
    it(`when anyone tries to UPDATE or DELETE ${table}, then the database refuses`, async () => {
      const { user } = await makeUser('admin');
      if (table === 'audit_log') await recordAudit({ actor: toActor(user), action: 'x', entity: 'y', entityId: 1 });
      else
        await q(
          `INSERT INTO access_log (at, actor_user_id, actor_role, subject_type, subject_id, route, event) VALUES (now(), ${user.id}, 'admin', 'user', '1', 'GET /x', 'user.read')`,
        );
      for (const sql of [`UPDATE ${table} SET at = now()`, `DELETE FROM ${table}`]) {
        let error = '';
        try {
          await q(sql);
        } catch (err) {
          error = String((err as Error).message);
        }
        expect(error, sql).to.match(/append-only/);
      }
      const [[{ n }]] = (await q(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }[], unknown];
      expect(n).to.equal(1);
    });
  }
});
