// Support grants as law (DOMAIN.md §4, §14; R1, R3, R24–R27): pure functions, facts in, criteria and amounts out,
// unit-tested without a database (test/unit/grants/rules.test.ts). Each criterion says pass or fail, the evidence it
// used and its rule, in the officers' words and in the worker's plain words.
import { addMonths, formatDateVi } from '../../shared/dates';
import { formatMoney } from '../../shared/format';
import type { PolicyRow, PolicySet } from '../policies';

export const ITEMS = [
  'language',
  'vocational',
  'orientation',
  'food',
  'lodging',
  'personal_items',
  'travel',
  'passport',
  'visa',
  'criminal_record',
  'health_check',
] as const;
export type Item = (typeof ITEMS)[number];

export const ITEM_LABELS: Record<Item, string> = {
  language: 'Học ngoại ngữ',
  vocational: 'Học nghề',
  orientation: 'Giáo dục định hướng',
  food: 'Tiền ăn trong thời gian học',
  lodging: 'Tiền ở trong thời gian học',
  personal_items: 'Đồ dùng cá nhân',
  travel: 'Đi lại đến nơi học',
  passport: 'Lệ phí hộ chiếu',
  visa: 'Lệ phí thị thực',
  criminal_record: 'Phiếu lý lịch tư pháp',
  health_check: 'Khám sức khỏe',
};

export const PROGRAMMES = ['mtqg', 'nd338'] as const;
export type Programme = (typeof PROGRAMMES)[number];

/** The MTQG groups and the Circular 55/2023 Art 69 clause each falls under (R24). */
export const MTQG_GROUPS = {
  poor: { clause: 'clause1', label: 'Hộ nghèo' },
  ethnic_minority: { clause: 'clause1', label: 'Người dân tộc thiểu số' },
  near_poor: { clause: 'clause2', label: 'Hộ cận nghèo' },
  escaped_poverty: { clause: 'clause2', label: 'Hộ mới thoát nghèo' },
  area_resident: { clause: 'clause3', label: 'Người lao động khác cư trú tại địa bàn' },
} as const;
/** Employment Law 74/2025 Art 14's seven groups (Decree 338/2025). */
export const ND338_GROUPS = {
  meritorious: 'Người có công với cách mạng và thân nhân',
  ethnic_minority: 'Người dân tộc thiểu số',
  poor_near_poor: 'Hộ nghèo, hộ cận nghèo',
  land_recovered: 'Người bị thu hồi đất',
  military_service: 'Người đã hoàn thành nghĩa vụ quân sự, công an',
  youth_volunteer: 'Thanh niên tình nguyện hoàn thành nhiệm vụ chương trình',
  intellectual_volunteer: 'Trí thức trẻ tình nguyện phục vụ khu kinh tế – quốc phòng',
} as const;
export const DECLARABLE_GROUPS = ['military_service', 'youth_volunteer', 'intellectual_volunteer'] as const;

export const CLAUSE_LABELS: Record<string, string> = {
  clause1: 'Điều 69 khoản 1 (mức đầy đủ)',
  clause2: 'Điều 69 khoản 2 (ngoại ngữ 70 %)',
  clause3: 'Điều 69 khoản 3 (học nghề và 50 % ngoại ngữ)',
  all: 'Nghị định 338/2025, Điều 30',
};

export interface WorkerFacts {
  dateOfBirth: string;
  ethnicity: string | null;
  provinceCode: string | null;
  communeCode: string | null;
  householdStatus: 'poor' | 'near_poor' | 'escaped_poverty' | 'none';
  householdStatusYear: number | null;
  landRecovered: boolean;
  meritoriousFamily: boolean;
}

export interface EligibilityFacts {
  /** the day eligibility is judged (submission, certification, approval) */
  on: string;
  programme: { code: Programme; name: string; payableFrom: string; payableTo: string | null; citation: string };
  worker: WorkerFacts;
  /** the province deciding (the application's) */
  provinceCode: string;
  /** MTQG: the eligible area the worker lives in (today's commune or the old poor district), if any */
  area: { kind: 'poor_district' | 'coastal_commune'; label: string } | null;
  /** the case the support is for: its stage and whether its order's supply contract is approved (R3) */
  case: { state: string; stageLabel: string; orderApproved: boolean; orderReference: string } | null;
  /** groups the applicant declared with evidence (the three no record holds) */
  declaredGroups: string[];
  /** items already awarded to this person (any province, any programme) */
  awarded: { item: string; applicationId: number; provinceCode: string | null }[];
}

export interface Criterion {
  key: string;
  ruleId: string;
  ok: boolean;
  /** the officers' and the agency's words */
  message: string;
  /** the worker's plain words */
  plain: string;
  evidence: string;
}

const ELIGIBLE_STATES = ['contract_signed', 'visa_processing', 'ready_to_depart', 'departed'];
const isMinority = (e: string | null) => Boolean(e && !/^kinh$/i.test(e.trim()));

/** The groups a worker falls in for a programme, from her record (and, for three Decree 338 groups, her declaration). */
export function groupsOf(f: EligibilityFacts): string[] {
  const w = f.worker;
  const year = Number(f.on.slice(0, 4));
  const certified = w.householdStatusYear === year;
  if (f.programme.code === 'mtqg') {
    if (!f.area) return [];
    const out: string[] = [];
    if (certified && w.householdStatus === 'poor') out.push('poor');
    if (isMinority(w.ethnicity)) out.push('ethnic_minority');
    if (certified && w.householdStatus === 'near_poor') out.push('near_poor');
    if (certified && w.householdStatus === 'escaped_poverty') out.push('escaped_poverty');
    out.push('area_resident');
    return out;
  }
  const out: string[] = [];
  if (w.meritoriousFamily) out.push('meritorious');
  if (isMinority(w.ethnicity)) out.push('ethnic_minority');
  if (certified && (w.householdStatus === 'poor' || w.householdStatus === 'near_poor')) out.push('poor_near_poor');
  if (w.landRecovered) out.push('land_recovered');
  for (const g of f.declaredGroups) if ((DECLARABLE_GROUPS as readonly string[]).includes(g)) out.push(g);
  return out;
}

/** The most favourable group (R26, Art 69 clause 6): the lowest clause; for Decree 338 every group has the same rates. */
export function bestGroup(f: EligibilityFacts): { group: string; clause: string; label: string } | null {
  const groups = groupsOf(f);
  if (!groups.length) return null;
  if (f.programme.code === 'mtqg') {
    const ranked = groups
      .map((g) => ({ group: g, ...MTQG_GROUPS[g as keyof typeof MTQG_GROUPS] }))
      .sort((a, b) => a.clause.localeCompare(b.clause));
    return { group: ranked[0].group, clause: ranked[0].clause, label: ranked[0].label };
  }
  return { group: groups[0], clause: 'all', label: ND338_GROUPS[groups[0] as keyof typeof ND338_GROUPS] };
}

/** Every criterion, each with its evidence and rule: the same facts for officers, agency and worker. */
export function eligibility(f: EligibilityFacts, minAge: PolicyRow): Criterion[] {
  const w = f.worker;
  const out: Criterion[] = [];
  const adultOn = addMonths(w.dateOfBirth, Number(minAge.value) * 12);
  out.push({
    key: 'age',
    ruleId: 'R1',
    ok: f.on >= adultOn,
    message:
      f.on >= adultOn
        ? `Đủ ${minAge.value} tuổi (sinh ngày ${formatDateVi(w.dateOfBirth)}).`
        : `Chưa đủ ${minAge.value} tuổi: đủ tuổi từ ${formatDateVi(adultOn)}.`,
    plain: f.on >= adultOn ? `Bạn đã đủ ${minAge.value} tuổi.` : `Bạn chưa đủ ${minAge.value} tuổi.`,
    evidence: `Ngày sinh trong hồ sơ người lao động: ${formatDateVi(w.dateOfBirth)}`,
  });
  const resident = w.provinceCode === f.provinceCode;
  out.push({
    key: 'residence',
    ruleId: 'R24',
    ok: resident,
    message: resident ? 'Cư trú trong tỉnh xét hỗ trợ.' : 'Không cư trú trong tỉnh xét hỗ trợ.',
    plain: resident ? 'Bạn cư trú trong tỉnh.' : 'Bạn không cư trú trong tỉnh này.',
    evidence: 'Nơi cư trú trong hồ sơ người lao động',
  });
  if (f.programme.code === 'mtqg') {
    out.push({
      key: 'area',
      ruleId: 'R24',
      ok: f.area !== null,
      message: f.area
        ? `Cư trú tại địa bàn được hỗ trợ: ${f.area.label}.`
        : 'Nơi cư trú không thuộc huyện nghèo hoặc xã đặc biệt khó khăn vùng bãi ngang, ven biển, hải đảo (theo địa giới cũ) trong danh sách của tỉnh.',
      plain: f.area
        ? `Nơi bạn ở thuộc địa bàn được hỗ trợ (${f.area.label}).`
        : 'Nơi bạn ở không thuộc địa bàn của chương trình.',
      evidence: 'Danh sách địa bàn của tỉnh; xã hiện nay và huyện, tỉnh cũ trong hồ sơ',
    });
  }
  // R27: the commune's certification of the household for this year, needed only when the group chosen rests on it
  // (an ethnic-minority worker or another resident of the area qualifies without it; certifying may still raise
  // the clause)
  const year = Number(f.on.slice(0, 4));
  if (w.householdStatus !== 'none') {
    const certified = w.householdStatusYear === year;
    const best = bestGroup(f);
    const without = !certified && best !== null;
    const status =
      w.householdStatus === 'poor' ? 'nghèo' : w.householdStatus === 'near_poor' ? 'cận nghèo' : 'mới thoát nghèo';
    out.push({
      key: 'household',
      ruleId: 'R27',
      ok: certified || without,
      message: certified
        ? `Hộ ${status} năm ${year}, xã đã xác nhận.`
        : `Tình trạng hộ được xác nhận cho năm ${w.householdStatusYear ?? '—'}, chưa có xác nhận của xã cho năm ${year}${
            without ? `; không cần cho nhóm «${best.label}» (xã xác nhận có thể cho mức có lợi hơn)` : ''
          }.`,
      plain: certified
        ? 'Xã đã xác nhận tình trạng hộ của bạn năm nay.'
        : without
          ? 'Xã chưa xác nhận tình trạng hộ của bạn năm nay; bạn vẫn thuộc một nhóm được hỗ trợ.'
          : 'Xã cần xác nhận tình trạng hộ của bạn cho năm nay.',
      evidence: 'Xác nhận của Ủy ban nhân dân xã trên hồ sơ người lao động',
    });
  }
  const c = f.case;
  const caseOk = Boolean(c && ELIGIBLE_STATES.includes(c.state) && c.orderApproved);
  out.push({
    key: 'case',
    ruleId: 'R3',
    ok: caseOk,
    message: !c
      ? 'Không có hồ sơ đi làm việc ở nước ngoài.'
      : caseOk
        ? `Hồ sơ ở bước «${c.stageLabel}», đơn hàng ${c.orderReference} đã được chấp thuận.`
        : !c.orderApproved
          ? `Đơn hàng ${c.orderReference} chưa được chấp thuận đăng ký hợp đồng cung ứng.`
          : `Hồ sơ ở bước «${c.stageLabel}»: chỉ hỗ trợ khi đã ký hợp đồng và đủ điều kiện xuất cảnh.`,
    plain: caseOk
      ? 'Bạn đã ký hợp đồng đi làm việc theo một đơn hàng hợp pháp.'
      : 'Bạn cần ký hợp đồng đi làm việc theo một đơn hàng đã được chấp thuận.',
    evidence: 'Hồ sơ và đơn hàng của doanh nghiệp',
  });
  const payable = f.on >= f.programme.payableFrom && (!f.programme.payableTo || f.on <= f.programme.payableTo);
  out.push({
    key: 'programme',
    ruleId: 'R24',
    ok: payable,
    message: payable
      ? `${f.programme.name}: còn chi trả${f.programme.payableTo ? ` đến ${formatDateVi(f.programme.payableTo)}` : ''}.`
      : `${f.programme.name}: chỉ chi trả từ ${formatDateVi(f.programme.payableFrom)}${f.programme.payableTo ? ` đến ${formatDateVi(f.programme.payableTo)}` : ''}.`,
    plain: payable ? 'Chương trình còn chi trả.' : 'Chương trình không chi trả vào thời điểm này.',
    evidence: f.programme.citation,
  });
  const best = bestGroup(f);
  out.push({
    key: 'group',
    ruleId: f.programme.code === 'mtqg' ? 'R24' : 'R26',
    ok: best !== null,
    message: best
      ? `Đối tượng có lợi nhất: ${best.label} — ${CLAUSE_LABELS[best.clause]}${groupsOf(f).length > 1 ? ` (thuộc ${groupsOf(f).length} nhóm; chọn nhóm có lợi nhất)` : ''}.`
      : 'Không thuộc nhóm đối tượng nào của chương trình.',
    plain: best ? `Bạn thuộc nhóm «${best.label}».` : 'Bạn chưa thuộc nhóm được hỗ trợ của chương trình này.',
    evidence: 'Dân tộc, tình trạng hộ, thông tin người có công, thu hồi đất trong hồ sơ; nhóm khai báo kèm minh chứng',
  });
  return out;
}

export interface ClaimInput {
  item: Item;
  quantity: number;
  claimedVnd: bigint;
}
export interface ClaimAllowed {
  item: Item;
  allowedVnd: bigint;
  ok: boolean;
  /** the rule that limited or refused it */
  ruleId: string;
  arithmetic: string[];
  policyId: number | null;
}

const vnd = (v: bigint | number) => formatMoney(BigInt(v));
const minB = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * The allowable amount of one claimed item, with its arithmetic (R25): per course or month × quantity, per day ×
 * days present (from the training attendance, never more than claimed), once, the actual cost up to a cap, or the
 * statutory fee (a zero fee means "as on the receipt"). Never more than claimed. An item already awarded is 0 (R26).
 */
export function allowedFor(
  policy: PolicySet,
  programme: Programme,
  clause: string,
  c: ClaimInput,
  ctx: { daysPresent: number; difficultArea: boolean; awarded: boolean },
): ClaimAllowed {
  const label = ITEM_LABELS[c.item];
  if (ctx.awarded)
    return {
      item: c.item,
      allowedVnd: 0n,
      ok: false,
      ruleId: 'R26',
      arithmetic: [`${label}: đã được hỗ trợ một lần (mỗi khoản chỉ hỗ trợ một lần cho mỗi người)`],
      policyId: null,
    };
  const key = `grant.${programme}.${c.item === 'travel' && ctx.difficultArea ? 'travel_difficult' : c.item}`;
  const row = policy.get(key, programme === 'mtqg' ? { beneficiaryGroup: clause } : {});
  if (!row)
    return {
      item: c.item,
      allowedVnd: 0n,
      ok: false,
      ruleId: 'R25',
      arithmetic: [`${label}: nhóm này không được hỗ trợ khoản này (không có mức trong chính sách đang có hiệu lực)`],
      policyId: null,
    };
  const rate = BigInt(row.value.split('.')[0]);
  let cap: bigint;
  let step: string;
  switch (row.unit) {
    case 'vnd_per_day':
      cap = rate * BigInt(ctx.daysPresent);
      step = `${vnd(rate)}/ngày × ${ctx.daysPresent} ngày có mặt (điểm danh) = ${vnd(cap)}`;
      break;
    case 'vnd_per_month':
      cap = rate * BigInt(c.quantity);
      step = `${vnd(rate)}/tháng × ${c.quantity} tháng = ${vnd(cap)}`;
      break;
    case 'vnd_per_course':
      // each item once per person (R26): one course, whatever the number claimed
      cap = rate;
      step = `tối đa ${vnd(rate)}/khóa × 1 khóa = ${vnd(cap)}${c.quantity > 1 ? ` (mỗi khoản chỉ hỗ trợ một lần: không tính ${c.quantity} khóa)` : ''}`;
      break;
    case 'vnd_statutory':
      cap = rate === 0n ? c.claimedVnd : rate * BigInt(c.quantity);
      step =
        rate === 0n ? `theo chứng từ: ${vnd(cap)}` : `lệ phí theo quy định ${vnd(rate)} × ${c.quantity} = ${vnd(cap)}`;
      break;
    default:
      // once, or the actual cost up to a cap
      cap = rate;
      step = `${row.unit === 'vnd_once' ? 'một lần' : 'theo thực tế'}, tối đa ${vnd(rate)}`;
  }
  const allowed = minB(cap, c.claimedVnd);
  return {
    item: c.item,
    allowedVnd: allowed,
    ok: allowed > 0n,
    ruleId: 'R25',
    arithmetic: [
      `${label}: ${step}`,
      `Đề nghị ${vnd(c.claimedVnd)}; được hỗ trợ ${vnd(allowed)}${allowed < c.claimedVnd ? ' (theo mức tối đa)' : ''}`,
    ],
    policyId: row.id,
  };
}
