// What the province enters (programme:targets): its targets for a year, and how it buys the service from each centre
// for a period (đặt hàng / đấu thầu / giao nhiệm vụ, Decree 32/2019). Both are saved with an audit entry.
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { addDays, formatDateVi } from '../../shared/dates';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { TARGET_KEYS, TARGET_METRICS, type ProcurementMode, type TargetMetric } from './programme.labels';
import { fillProcurementModes } from './programme.outputs';
import { enteringProvince, programmeScope } from './programme.scope';

export type TargetValues = Partial<
  Record<'outputs' | 'outputsHousehold' | 'outputsAbroad' | 'sessions', number | null>
>;

/** The targets of a province and year, by metric (a metric without a target is absent). */
export async function targetsOf(provinceCode: string, year: number): Promise<Partial<Record<TargetMetric, number>>> {
  const rows = await select<{ metric: TargetMetric; target: number }>(
    'SELECT metric, target FROM programme_targets WHERE province_code = $1 AND year = $2',
    [provinceCode, year],
  );
  return Object.fromEntries(rows.map((r) => [r.metric, r.target]));
}

/** The targets as the API answers them (any reader of the province; centre staff read their province's). */
export async function getTargets(actor: Actor, q: { year: number; provinceCode?: string }) {
  const scope = await programmeScope(actor, q.provinceCode);
  const t = await targetsOf(scope.provinceCode, q.year);
  return {
    provinceCode: scope.provinceCode,
    year: q.year,
    ...Object.fromEntries(TARGET_METRICS.map((m) => [TARGET_KEYS[m], t[m] ?? null])),
  };
}

/** Sets the province's targets for a year: a number sets it, null (or left out on the page) clears it. */
export async function setTargets(actor: Actor, input: { year: number; provinceCode?: string } & TargetValues) {
  const province = enteringProvince(actor, input.provinceCode);
  await inTransaction(async () => {
    const before = await targetsOf(province, input.year);
    for (const m of TARGET_METRICS) {
      const v = input[TARGET_KEYS[m]];
      if (v === undefined) continue;
      if (v === null)
        await execute('DELETE FROM programme_targets WHERE province_code = $1 AND year = $2 AND metric = $3', [
          province,
          input.year,
          m,
        ]);
      else
        await execute(
          `INSERT INTO programme_targets (province_code, year, metric, target, updated_by_user_id) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (province_code, year, metric)
           DO UPDATE SET target = EXCLUDED.target, updated_by_user_id = EXCLUDED.updated_by_user_id, updated_at = now()`,
          [province, input.year, m, v, actor.userId],
        );
    }
    await recordAudit({
      actor,
      action: 'programme.targets_set',
      entity: 'programme_targets',
      entityId: `${province}:${input.year}`,
      before,
      after: await targetsOf(province, input.year),
    });
  });
  return getTargets(actor, { year: input.year });
}

export interface ModeRow {
  id: number;
  centreId: number;
  centreName: string;
  mode: ProcurementMode;
  validFrom: string;
  validTo: string | null;
  reference: string | null;
}

/** The centres of the actor's province (centre staff: their own), each with its periods, newest first. */
export async function listProcurementModes(actor: Actor, q: { provinceCode?: string } = {}) {
  const scope = await programmeScope(actor, q.provinceCode);
  const centres = await select<{ id: string; name: string }>(
    `SELECT id, name FROM agency_licences
     WHERE kind = 'employment_centre' AND province_code = $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY name, id`,
    [scope.provinceCode, scope.centreId],
  );
  const rows = await select<Record<string, unknown>>(
    `SELECT id, centre_id, mode, valid_from, valid_to, reference FROM programme_procurement_modes
     WHERE centre_id = ANY($1::bigint[]) ORDER BY valid_from DESC, id DESC`,
    [centres.map((c) => c.id)],
  );
  return {
    scope,
    centres: centres.map((c) => ({
      id: Number(c.id),
      name: c.name,
      periods: rows
        .filter((r) => String(r.centre_id) === c.id)
        .map((r): ModeRow => ({
          id: Number(r.id),
          centreId: Number(c.id),
          centreName: c.name,
          mode: r.mode as ProcurementMode,
          validFrom: r.valid_from as string,
          validTo: (r.valid_to as string | null) ?? null,
          reference: (r.reference as string | null) ?? null,
        })),
    })),
  };
}

/**
 * A new period of a centre's procurement mode, from `validFrom` (to `validTo`, or open). An open period that began
 * earlier ends the day before; any other overlap is refused (409). Outputs of the period with no mode yet get it.
 */
export async function addProcurementMode(
  actor: Actor,
  input: {
    centreId: number;
    mode: ProcurementMode;
    validFrom: string;
    validTo?: string | null;
    reference?: string | null;
  },
): Promise<ModeRow> {
  const province = enteringProvince(actor);
  if (input.validTo && input.validTo < input.validFrom)
    throw new ValidationError([{ path: 'validTo', message: '«Đến ngày» phải từ «Áp dụng từ ngày» trở đi' }]);
  const id = await inTransaction(async () => {
    const [centre] = await select<{ id: string; name: string }>(
      `SELECT id, name FROM agency_licences WHERE id = $1 AND kind = 'employment_centre' AND province_code = $2`,
      [input.centreId, province],
    );
    if (!centre) throw new NotFoundError('Không tìm thấy trung tâm dịch vụ việc làm trong tỉnh');
    // the centre's periods, locked: two officers adding at once see each other's
    const periods = await select<{ id: string; valid_from: string; valid_to: string | null }>(
      'SELECT id, valid_from, valid_to FROM programme_procurement_modes WHERE centre_id = $1 ORDER BY valid_from FOR UPDATE',
      [input.centreId],
    );
    const open = periods.find((p) => p.valid_to === null && p.valid_from < input.validFrom);
    if (open)
      await execute('UPDATE programme_procurement_modes SET valid_to = $2 WHERE id = $1', [
        open.id,
        addDays(input.validFrom, -1),
      ]);
    const end = input.validTo ?? null;
    const clash = periods.find(
      (p) =>
        p.id !== open?.id &&
        (p.valid_to === null || p.valid_to >= input.validFrom) &&
        (end === null || p.valid_from <= end),
    );
    if (clash)
      throw new ConflictError(
        `Trung tâm đã có hình thức cho giai đoạn từ ${formatDateVi(clash.valid_from)}${
          clash.valid_to ? ` đến ${formatDateVi(clash.valid_to)}` : ''
        }: chọn ngày bắt đầu sau giai đoạn đó.`,
      );
    const [row] = await select<{ id: string }>(
      `INSERT INTO programme_procurement_modes (centre_id, province_code, mode, valid_from, valid_to, reference, entered_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [input.centreId, province, input.mode, input.validFrom, end, input.reference ?? null, actor.userId],
    );
    await recordAudit({
      actor,
      action: 'programme.procurement_mode_added',
      entity: 'programme_procurement_modes',
      entityId: row.id,
      after: { centreId: input.centreId, mode: input.mode, validFrom: input.validFrom, validTo: end },
    });
    return Number(row.id);
  });
  await fillProcurementModes();
  const list = await listProcurementModes(actor);
  return list.centres.flatMap((c) => c.periods).find((p) => p.id === id)!;
}
