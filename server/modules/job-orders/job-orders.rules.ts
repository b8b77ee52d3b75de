// Pure law-as-code for job orders: (facts, policy values in force) → verdicts with the arithmetic shown.
// No I/O, no clock: the PolicySet is already fixed at the decision date.
import { formatMoney } from '../../shared/format';
import { formatDateVi } from '../../shared/dates';
import { CURRENCY_EXPONENT, decimal, div, floor, frac, min, mul, show, type Fraction } from '../../shared/money';
import { verdict, type Verdict } from '../../shared/rules';
import type { PolicyRow, PolicySet } from '../policies';
import type { JobOrder } from './job-orders.model';

export interface JobOrderFacts {
  order: Pick<
    JobOrder,
    | 'jobCategory'
    | 'employerName'
    | 'employerCountry'
    | 'destinationCountry'
    | 'jobTitle'
    | 'headcount'
    | 'salaryCurrency'
    | 'salaryMinor'
    | 'fxRate'
    | 'fxRateDate'
    | 'fxRateSource'
    | 'contractMonths'
    | 'serviceFeeVnd'
    | 'foreignPaidFeeVnd'
    | 'brokerageVnd'
    | 'depositVnd'
    | 'depositHolder'
    | 'airfareVnd'
    | 'supplyRegNumber'
    | 'supplyRegDate'
    | 'supplyRegStatus'
    | 'programmeReference'
    | 'ministryReportDate'
  >;
  agencyKind: 'service_enterprise' | 'public_unit' | 'other_sender';
  /** the destination's region (reference data), for regional caps */
  region: string | null;
}

const vnd = (v: bigint | number) => formatMoney(BigInt(v));
const ids = (...rows: (PolicyRow | null)[]) => rows.filter((r): r is PolicyRow => r !== null).map((r) => r.id);
const scopeOf = (f: JobOrderFacts) => ({
  country: f.order.destinationCountry,
  region: f.region,
  jobCategory: f.order.jobCategory,
});

const REQUIRED: [keyof JobOrderFacts['order'], string][] = [
  ['employerName', 'tên người sử dụng lao động'],
  ['employerCountry', 'nước của người sử dụng lao động'],
  ['destinationCountry', 'nước đến làm việc'],
  ['jobTitle', 'công việc'],
  ['headcount', 'số lượng lao động'],
  ['salaryCurrency', 'loại tiền lương'],
  ['salaryMinor', 'mức lương tháng'],
  ['fxRate', 'tỷ giá quy đổi'],
  ['fxRateDate', 'ngày của tỷ giá'],
  ['fxRateSource', 'nguồn tỷ giá'],
  ['contractMonths', 'thời hạn hợp đồng (tháng)'],
];

/** The facts every other rule needs (Law 69 Art 19: the supply contract's mandatory contents). */
export function checkComplete(f: JobOrderFacts): Verdict {
  const missing = REQUIRED.filter(([k]) => f.order[k] === null || f.order[k] === undefined || f.order[k] === '').map(
    ([, label]) => label,
  );
  if (f.order.salaryCurrency && CURRENCY_EXPONENT[f.order.salaryCurrency] === undefined)
    missing.push(`loại tiền được hỗ trợ (không có ${f.order.salaryCurrency})`);
  return verdict(
    'DATA',
    missing.length === 0,
    missing.length ? `Còn thiếu: ${missing.join('; ')}.` : 'Đơn hàng có đủ thông tin bắt buộc.',
    { missing },
  );
}

/** R3: recruitment under an order needs the supply contract registration approved (a public unit: its programme and the report to the ministry). */
export function checkSupplyRegistration(f: JobOrderFacts, date: string): Verdict {
  const o = f.order;
  const approved =
    o.supplyRegStatus === 'approved' &&
    Boolean(o.supplyRegNumber) &&
    Boolean(o.supplyRegDate) &&
    o.supplyRegDate! <= date;
  const reported = Boolean(o.programmeReference) && Boolean(o.ministryReportDate) && o.ministryReportDate! <= date;
  if (f.agencyKind === 'public_unit') {
    return verdict(
      'R3',
      reported,
      reported
        ? `Đơn vị sự nghiệp: chương trình ${o.programmeReference}, đã báo cáo Bộ ngày ${formatDateVi(o.ministryReportDate)}.`
        : 'Đơn vị sự nghiệp cần ghi số hiệu chương trình/điều ước và ngày báo cáo Bộ Nội vụ trước khi tuyển (Luật 69/2020, Điều 43).',
      { programmeReference: o.programmeReference, ministryReportDate: o.ministryReportDate },
    );
  }
  const ok = approved || (f.agencyKind === 'other_sender' && reported);
  const status =
    { submitted: 'đã nộp, chưa được chấp thuận', approved: 'đã được chấp thuận', rejected: 'bị từ chối' }[
      o.supplyRegStatus ?? 'submitted'
    ] ?? '';
  return verdict(
    'R3',
    ok,
    ok
      ? `Hợp đồng cung ứng đã được chấp thuận đăng ký: số ${o.supplyRegNumber}, ngày ${formatDateVi(o.supplyRegDate)}.`
      : `Chỉ được tuyển khi hợp đồng cung ứng lao động đã được chấp thuận đăng ký (hiện: ${o.supplyRegStatus ? status : 'chưa đăng ký'}). Ghi số và ngày văn bản chấp thuận.`,
    { supplyRegStatus: o.supplyRegStatus, supplyRegNumber: o.supplyRegNumber, supplyRegDate: o.supplyRegDate },
  );
}

/**
 * R7 (R7a): cap = min(rate per 12 months × months / 12, total cap) months of salary, the salary converted at the
 * recorded rate, floored to whole đồng, less what the foreign side pays. A public unit may charge none (Art 42.3).
 */
export function checkServiceFee(f: JobOrderFacts, policy: PolicySet): Verdict | null {
  const o = f.order;
  if (
    !o.salaryMinor ||
    !o.fxRate ||
    !o.contractMonths ||
    !o.salaryCurrency ||
    CURRENCY_EXPONENT[o.salaryCurrency] === undefined
  )
    return null;
  const rateRow = policy.require('service_fee.rate', scopeOf(f));
  const totalRow = policy.require('service_fee.total_cap', scopeOf(f));
  const exp = CURRENCY_EXPONENT[o.salaryCurrency];
  const fx = decimal(o.fxRate);
  const salaryVnd: Fraction = mul(frac(BigInt(o.salaryMinor)), div(fx, frac(10n ** BigInt(exp))));
  const rate = decimal(rateRow.value);
  const total = decimal(totalRow.value);
  const proRata = mul(rate, frac(BigInt(o.contractMonths), 12n));
  const publicUnit = f.agencyKind === 'public_unit';
  const capMonths = publicUnit ? frac(0n) : min(proRata, total);
  const capVnd = floor(mul(capMonths, salaryVnd));
  const foreignPaid = BigInt(o.foreignPaidFeeVnd ?? 0);
  const allowed = capVnd > foreignPaid ? capVnd - foreignPaid : 0n;
  const charged = BigInt(o.serviceFeeVnd ?? 0);
  const ok = charged <= allowed;
  const major = exp ? `${show(frac(BigInt(o.salaryMinor), 10n ** BigInt(exp)))}` : String(o.salaryMinor);
  const steps = [
    `Lương tháng: ${major} ${o.salaryCurrency} × ${show(fx)} ₫ (tỷ giá ngày ${formatDateVi(o.fxRateDate)}, ${o.fxRateSource ?? ''}) = ${vnd(floor(salaryVnd))}`,
    publicUnit
      ? 'Đơn vị sự nghiệp công lập không được thu tiền dịch vụ (Luật 69/2020, Điều 42 khoản 3): mức trần 0 tháng lương'
      : `Mức trần: min(${show(rate)} tháng/12 tháng × ${o.contractMonths} tháng = ${show(proRata)}; tối đa ${show(total)}) = ${show(capMonths)} tháng lương`,
    `Mức trần tiền dịch vụ: ${show(capMonths)} × ${vnd(floor(salaryVnd))} = ${vnd(capVnd)} (làm tròn xuống đồng)`,
    `Trừ phần bên nước ngoài trả: ${vnd(capVnd)} − ${vnd(foreignPaid)} = ${vnd(allowed)} được thu của người lao động`,
    `Tiền dịch vụ thu của người lao động: ${vnd(charged)} ${ok ? '≤' : '>'} ${vnd(allowed)}`,
  ];
  return verdict(
    'R7',
    ok,
    ok
      ? `Tiền dịch vụ ${vnd(charged)} trong mức được thu ${vnd(allowed)}.`
      : `Tiền dịch vụ ${vnd(charged)} vượt mức được thu ${vnd(allowed)} là ${vnd(charged - allowed)}. Giảm tiền dịch vụ hoặc ghi phần bên nước ngoài trả.`,
    {
      salaryMinor: o.salaryMinor,
      currency: o.salaryCurrency,
      fxRate: o.fxRate,
      fxRateDate: o.fxRateDate,
      fxRateSource: o.fxRateSource,
      salaryVnd: Number(floor(salaryVnd)),
      ratePer12Months: rateRow.value,
      contractMonths: o.contractMonths,
      proRataMonths: show(proRata),
      totalCapMonths: totalRow.value,
      capMonths: show(capMonths),
      capVnd: Number(capVnd),
      foreignPaidVnd: Number(foreignPaid),
      allowedVnd: Number(allowed),
      chargedVnd: Number(charged),
      excessVnd: ok ? 0 : Number(charged - allowed),
      steps,
    },
    ids(rateRow, totalRow),
    publicUnit ? 'Luật 69/2020/QH14, Điều 42 khoản 3' : `${rateRow.citation}`,
  );
}

/** R8: the worker never pays brokerage (nor a selection fee). */
export function checkBrokerage(f: JobOrderFacts, policy: PolicySet): Verdict {
  const charged = BigInt(f.order.brokerageVnd ?? 0);
  const rateRow = policy.get('brokerage.rate', scopeOf(f));
  return verdict(
    'R8',
    charged === 0n,
    charged === 0n
      ? 'Không thu tiền môi giới của người lao động.'
      : `Không được thu tiền môi giới của người lao động (đang ghi ${vnd(charged)}). Thù lao môi giới (nếu có) do doanh nghiệp trả theo hợp đồng môi giới.`,
    { brokerageChargedVnd: Number(charged), enterpriseBrokerageRatePer12Months: rateRow?.value ?? null },
    ids(rateRow),
  );
}

/** R9: the worker deposit within the market and job cap (Decree 112 Annex II); none where none is allowed. */
export function checkDeposit(f: JobOrderFacts, policy: PolicySet): Verdict | null {
  const o = f.order;
  if (o.jobCategory === 'kr_eps' || !o.destinationCountry) return null;
  const row = policy.require('deposit.cap', scopeOf(f));
  const deposit = BigInt(o.depositVnd ?? 0);
  if (row.unit === 'airfare') {
    if (deposit > 0n && !o.airfareVnd) {
      return verdict(
        'R9',
        false,
        'Với nước này, tiền ký quỹ tối đa bằng một vé máy bay hạng phổ thông từ nơi làm việc về Việt Nam: hãy ghi giá vé.',
        { depositVnd: Number(deposit), capUnit: 'airfare' },
        ids(row),
        row.citation,
      );
    }
    const cap = floor(mul(frac(BigInt(o.airfareVnd ?? 0)), decimal(row.value)));
    const ok = deposit <= cap;
    return verdict(
      'R9',
      ok,
      ok
        ? `Tiền ký quỹ ${vnd(deposit)} không vượt giá một vé máy bay ${vnd(cap)}.`
        : `Tiền ký quỹ ${vnd(deposit)} vượt giá một vé máy bay hạng phổ thông ${vnd(cap)}.`,
      { depositVnd: Number(deposit), airfareVnd: o.airfareVnd, capVnd: Number(cap) },
      ids(row),
      row.citation,
    );
  }
  const cap = floor(decimal(row.value));
  const ok = deposit <= cap;
  const message =
    cap === 0n
      ? ok
        ? 'Thị trường/ngành nghề này không được thu ký quỹ của người lao động; đơn hàng không thu.'
        : `Thị trường/ngành nghề này không được thu ký quỹ của người lao động (đang ghi ${vnd(deposit)}).`
      : ok
        ? `Tiền ký quỹ ${vnd(deposit)} trong mức trần ${vnd(cap)}.`
        : `Tiền ký quỹ ${vnd(deposit)} vượt mức trần ${vnd(cap)} là ${vnd(deposit - cap)}.`;
  return verdict(
    'R9',
    ok,
    message,
    { depositVnd: Number(deposit), capVnd: Number(cap), note: row.note },
    ids(row),
    row.citation,
  );
}

/** R14: Korea EPS only through a public unit, 100,000,000 đồng deposit at the Social Policy Bank, no service fee. */
export function checkEps(f: JobOrderFacts, policy: PolicySet): Verdict | null {
  const o = f.order;
  if (o.jobCategory !== 'kr_eps') return null;
  const row = policy.require('eps.deposit', { country: 'KR', jobCategory: 'kr_eps' });
  const required = floor(decimal(row.value));
  const problems: string[] = [];
  if (f.agencyKind !== 'public_unit')
    problems.push('chương trình EPS chỉ do đơn vị sự nghiệp công (Trung tâm Lao động ngoài nước) thực hiện');
  if (o.destinationCountry !== 'KR') problems.push('nước đến phải là Hàn Quốc');
  if (BigInt(o.depositVnd ?? 0) !== required)
    problems.push(`tiền ký quỹ phải là ${vnd(required)} (đang ghi ${vnd(o.depositVnd ?? 0)})`);
  if (o.depositHolder !== 'vbsp') problems.push('ký quỹ tại Ngân hàng Chính sách xã hội nơi người lao động thường trú');
  if (BigInt(o.serviceFeeVnd ?? 0) !== 0n) problems.push('không thu tiền dịch vụ');
  return verdict(
    'R14',
    problems.length === 0,
    problems.length
      ? `EPS: ${problems.join('; ')}.`
      : `EPS: ký quỹ ${vnd(required)} tại Ngân hàng Chính sách xã hội, không thu tiền dịch vụ.`,
    { depositVnd: o.depositVnd, requiredDepositVnd: Number(required), depositHolder: o.depositHolder },
    ids(row),
  );
}

/** Every verdict on a job order at the PolicySet's date. */
export function evaluateJobOrder(f: JobOrderFacts, policy: PolicySet): Verdict[] {
  return [
    checkComplete(f),
    checkSupplyRegistration(f, policy.date),
    checkServiceFee(f, policy),
    checkBrokerage(f, policy),
    checkDeposit(f, policy),
    checkEps(f, policy),
  ].filter((v): v is Verdict => v !== null);
}
