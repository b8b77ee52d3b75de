// The versioned policy table: every cap, rate and deadline with its legal citation and effective dates.
// Rules read it through a PolicySet fixed at one date, so a verdict always uses the values then in force.
import { Op } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { now } from '../../shared/clock';
import { addDays } from '../../shared/dates';
import { ConflictError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { PolicyValue, type POLICY_UNITS } from './policies.model';
import { PolicyMissingError } from '../../shared/rules';
import { fold } from '../../shared/text';

/** Each policy key in Vietnamese words (pages show these; the key stays in small print for admins). */
export const POLICY_LABELS: Record<string, string> = {
  'service_fee.rate': 'Tiền dịch vụ: số tháng lương cho mỗi 12 tháng làm việc',
  'service_fee.total_cap': 'Tiền dịch vụ: tổng mức tối đa (tháng lương)',
  'service_fee.extension_rate': 'Tiền dịch vụ khi gia hạn hợp đồng: số tháng lương cho mỗi 12 tháng gia hạn',
  'brokerage.rate':
    'Tiền môi giới (doanh nghiệp trả bên môi giới, người lao động không trả): số tháng lương cho mỗi 12 tháng',
  'brokerage.total_cap': 'Tiền môi giới: tổng mức tối đa (tháng lương)',
  'deposit.cap': 'Tiền ký quỹ của người lao động: mức trần',
  'eps.deposit': 'Chương trình EPS: tiền ký quỹ tại Ngân hàng Chính sách xã hội',
  'orientation.periods': 'Giáo dục định hướng: số tiết',
  'orientation.validity': 'Chứng chỉ giáo dục định hướng: thời hạn giá trị (tháng)',
  'passport.margin': 'Hộ chiếu: số tháng còn hạn tối thiểu sau ngày xuất cảnh',
  'worker.min_age': 'Tuổi tối thiểu của người lao động khi ký hợp đồng',
  'fund.days_before_departure': 'Đóng Quỹ Hỗ trợ việc làm ngoài nước: chậm nhất số ngày trước khi xuất cảnh',
  'waiting.max_days': 'Thời hạn chờ xuất cảnh kể từ ngày trúng tuyển',
  'departure_update.days': 'Cập nhật cơ sở dữ liệu người lao động: số ngày sau khi xuất cảnh',
  'monthly_update.before_day': 'Cập nhật thay đổi hằng tháng: trước ngày này của tháng sau',
  'liquidation.days_after_end': 'Thanh lý hợp đồng: số ngày sau khi hợp đồng lao động chấm dứt',
  'liquidation.notices': 'Thanh lý đơn phương: số lần thông báo bằng thư bảo đảm',
  'residence_notice.days': 'Người lao động về nước thông báo cư trú: số ngày sau khi nhập cảnh',
  'fund.worker_contribution': 'Người lao động đóng Quỹ Hỗ trợ việc làm ngoài nước: số tiền mỗi hợp đồng',
  'eps.deposit_days': 'Chương trình EPS: ký quỹ trong số ngày kể từ ngày ký hợp đồng',
  'deposit.refund_days': 'Hoàn trả tiền ký quỹ: số ngày sau khi thanh lý hợp đồng',
  'grant.processing_days': 'Hỗ trợ: thời hạn giải quyết hồ sơ đủ (ngày làm việc)',
  'exchange.follow_up_months': 'Kết nối việc làm: số tháng theo dõi người lao động sau khi được tuyển (E3)',
  'exchange.nje_report_days':
    'Kết nối việc làm: số ngày làm việc để cập nhật kết quả lên Sàn giao dịch việc làm quốc gia (E4)',
  'programme.funding_programme': 'Kết quả kết nối việc làm: chương trình cấp kinh phí (năm bắt đầu)',
  ...grantLabels(),
};

/** The support grants' rates: one key per programme and item (the group or clause in beneficiary_group). */
function grantLabels(): Record<string, string> {
  const items: Record<string, string> = {
    language: 'ngoại ngữ',
    vocational: 'học nghề',
    orientation: 'giáo dục định hướng',
    food: 'tiền ăn',
    lodging: 'tiền ở',
    personal_items: 'đồ dùng cá nhân',
    travel: 'đi lại',
    travel_difficult: 'đi lại (vùng đặc biệt khó khăn)',
    passport: 'hộ chiếu',
    visa: 'thị thực',
    criminal_record: 'lý lịch tư pháp',
    health_check: 'khám sức khỏe',
  };
  const programmes: Record<string, string> = { mtqg: 'MTQG giảm nghèo, Tiểu dự án 2', nd338: 'Nghị định 338/2025' };
  const out: Record<string, string> = {};
  for (const [p, pl] of Object.entries(programmes))
    for (const [i, il] of Object.entries(items)) out[`grant.${p}.${i}`] = `Hỗ trợ ${pl}: ${il}`;
  return out;
}

export interface PolicyRow {
  id: number;
  key: string;
  market: string | null;
  jobCategory: string | null;
  beneficiaryGroup: string | null;
  value: string;
  unit: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  citation: string;
  confirmed: boolean;
  note: string | null;
}

export interface PolicyScope {
  country?: string | null;
  region?: string | null;
  jobCategory?: string | null;
  beneficiaryGroup?: string | null;
}

/** The values in force at one date; lookups take the most specific scope that matches. */
export class PolicySet {
  constructor(
    readonly date: string,
    private readonly rows: readonly PolicyRow[],
  ) {}

  /** Most specific wins: exact market (4) over region (2) over any; then job category (1); then group. */
  get(key: string, scope: PolicyScope = {}): PolicyRow | null {
    let best: PolicyRow | null = null;
    let bestScore = -1;
    for (const r of this.rows) {
      if (r.key !== key || r.effectiveFrom > this.date || (r.effectiveTo !== null && r.effectiveTo < this.date))
        continue;
      let score = 0;
      if (r.market !== null) {
        if (r.market === scope.country) score += 4;
        else if (scope.region && r.market === `region:${scope.region}`) score += 2;
        else continue;
      }
      if (r.jobCategory !== null) {
        if (r.jobCategory !== scope.jobCategory) continue;
        score += 1;
      }
      if (r.beneficiaryGroup !== null) {
        if (r.beneficiaryGroup !== scope.beneficiaryGroup) continue;
        score += 0.5;
      }
      if (score > bestScore) {
        best = r;
        bestScore = score;
      }
    }
    return best;
  }

  require(key: string, scope: PolicyScope = {}): PolicyRow {
    const r = this.get(key, scope);
    if (!r) throw new PolicyMissingError(key, this.date);
    return r;
  }
}

const CACHE_TTL_MS = 30_000;
let cache: { rows: PolicyRow[]; loadedAt: number } | null = null;

function toRow(p: PolicyValue): PolicyRow {
  return {
    id: Number(p.id),
    key: p.key,
    market: p.market,
    jobCategory: p.jobCategory,
    beneficiaryGroup: p.beneficiaryGroup,
    value: String(p.value).replace(/\.?0+$/, '') || '0',
    unit: p.unit,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: p.effectiveTo,
    citation: p.citation,
    confirmed: p.confirmed,
    note: p.note,
  };
}

/** Active versions, cached in the process; reloaded after a change here and at most 30 s after one elsewhere. */
async function activeRows(): Promise<PolicyRow[]> {
  if (!cache || Date.now() - cache.loadedAt > CACHE_TTL_MS) {
    const rows = await PolicyValue.findAll({
      where: { withdrawnAt: null },
      order: [
        ['key', 'ASC'],
        ['effectiveFrom', 'ASC'],
      ],
    });
    cache = { rows: rows.map(toRow), loadedAt: Date.now() };
  }
  return cache.rows;
}

export function reloadPolicies(): void {
  cache = null;
}

export async function policiesAt(date: string): Promise<PolicySet> {
  return new PolicySet(date, await activeRows());
}

export async function listPolicies(q: {
  key?: string;
  q?: string;
  market?: string;
  jobCategory?: string;
  at?: string;
}) {
  const rows = await PolicyValue.findAll({
    where: {
      ...(q.key ? { key: { [Op.like]: `${q.key}%` } } : {}),
      ...(q.market ? { market: q.market } : {}),
      ...(q.jobCategory ? { jobCategory: q.jobCategory } : {}),
      ...(q.at
        ? {
            effectiveFrom: { [Op.lte]: q.at },
            [Op.or]: [{ effectiveTo: null }, { effectiveTo: { [Op.gte]: q.at } }],
            withdrawnAt: null,
          }
        : {}),
    },
    order: [
      ['key', 'ASC'],
      ['market', 'ASC NULLS FIRST'],
      ['jobCategory', 'ASC NULLS FIRST'],
      ['effectiveFrom', 'ASC'],
    ],
  });
  // words typed in Vietnamese (with or without accents) match the key, the citation or the note; the table is small
  const words = q.q ? fold(q.q).split(' ').filter(Boolean) : [];
  const matching = words.length
    ? rows.filter((p) => {
        const text = fold(`${p.key.replace(/[._]/g, ' ')} ${POLICY_LABELS[p.key] ?? ''} ${p.citation} ${p.note ?? ''}`);
        return words.every((w) => text.includes(w));
      })
    : rows;
  return matching.map((p) => ({
    ...toRow(p),
    label: POLICY_LABELS[p.key] ?? p.key,
    reason: p.reason,
    supersedesId: p.supersedesId,
    withdrawnAt: p.withdrawnAt,
    createdByUserId: p.createdByUserId,
  }));
}

export interface NewVersion {
  key: string;
  market?: string | null;
  jobCategory?: string | null;
  beneficiaryGroup?: string | null;
  value: string;
  unit: (typeof POLICY_UNITS)[number];
  effectiveFrom: string;
  citation: string;
  confirmed: boolean;
  note?: string | null;
  reason: string;
}

/**
 * Adds a version. The version in force on its start date ends the day before; one that starts the same day
 * (a correction, e.g. of an unconfirmed value) is withdrawn. Later versions are left alone: the new one ends
 * the day before the next.
 */
export async function addVersion(actor: Actor, v: NewVersion) {
  const created = await inTransaction(async (transaction) => {
    const scope = {
      key: v.key,
      market: v.market ?? null,
      jobCategory: v.jobCategory ?? null,
      beneficiaryGroup: v.beneficiaryGroup ?? null,
    };
    const same = await PolicyValue.findAll({
      where: { ...scope, withdrawnAt: null },
      order: [['effectiveFrom', 'ASC']],
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!same.length && !(await PolicyValue.findOne({ where: { key: v.key }, transaction }))) {
      throw new ValidationError([{ path: 'key', message: 'Khóa chính sách không tồn tại' }]);
    }
    const covering = same.find(
      (p) => p.effectiveFrom <= v.effectiveFrom && (p.effectiveTo === null || p.effectiveTo >= v.effectiveFrom),
    );
    const next = same.find((p) => p.effectiveFrom > v.effectiveFrom);
    if (covering) {
      if (covering.effectiveFrom === v.effectiveFrom) await covering.update({ withdrawnAt: now() }, { transaction });
      else await covering.update({ effectiveTo: addDays(v.effectiveFrom, -1) }, { transaction });
    }
    const row = await PolicyValue.create(
      {
        ...scope,
        value: v.value,
        unit: v.unit,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: next ? addDays(next.effectiveFrom, -1) : null,
        citation: v.citation,
        confirmed: v.confirmed,
        note: v.note ?? null,
        reason: v.reason,
        supersedesId: covering ? Number(covering.id) : null,
        withdrawnAt: null,
        createdByUserId: actor.userId,
      },
      { transaction },
    );
    await recordAudit(
      {
        actor,
        action: 'policy.version_added',
        entity: 'policy_value',
        entityId: row.id,
        before: covering ? { ...toRow(covering) } : null,
        after: { ...toRow(row) },
      },
      transaction,
    );
    return row;
  }).catch((err: unknown) => {
    if (
      err instanceof Error &&
      /exclusion|conflicting key/i.test(err.message + String((err as { parent?: Error }).parent?.message))
    ) {
      throw new ConflictError('Phiên bản mới chồng lấn thời gian hiệu lực của phiên bản khác');
    }
    throw err;
  });
  reloadPolicies();
  return toRow(created);
}
