// What must be true on the departure date (planned, then real): R1, R13, R19, the passport margin, the visa,
// the worker deposit where the order requires one. Facts are read from papers and the case; rules are pure.
import { QueryTypes, type Transaction } from 'sequelize';
import { sequelize } from '../../db/sequelize';
import { addDays, addMonths, formatDateVi } from '../../shared/dates';
import { verdict, type Verdict } from '../../shared/rules';
import { factsOf } from '../../shared/registry';
import type { PolicySet } from '../policies';
import { policiesAt } from '../policies';
import type { Case } from './cases.model';

export const FUND_DAYS_BEFORE_DEPARTURE = 3;

interface PaperFact {
  kind: string;
  number: string;
  issued_on: string;
  expires_on: string | null;
  sender_agency_id: string | null;
  job_category: string | null;
  market: string | null;
}
export interface DepartureFacts {
  date: string;
  agencyId: number;
  jobCategory: string;
  market: string | null;
  depositRequiredVnd: number;
  fundContributionPaidOn: string | null;
  workerDepositPaidOn: string | null;
  papers: PaperFact[];
}

/** R1: at least 18 on the day the worker contract is signed. */
export function checkAdult(dateOfBirth: string, on: string): Verdict {
  const adultOn = addMonths(dateOfBirth, 18 * 12);
  const ok = on >= adultOn;
  return verdict(
    'R1',
    ok,
    ok
      ? `Người lao động đủ 18 tuổi vào ngày ${formatDateVi(on)}.`
      : `Người lao động chưa đủ 18 tuổi vào ngày ${formatDateVi(on)} (đủ 18 tuổi từ ${formatDateVi(adultOn)}).`,
    { dateOfBirth, on, adultOn },
  );
}

/** Every verdict about papers and payments on the departure date. */
export function checkDeparture(f: DepartureFacts, policy: PolicySet): Verdict[] {
  const latest = (kind: string) =>
    f.papers.filter((p) => p.kind === kind).sort((a, b) => b.issued_on.localeCompare(a.issued_on))[0];
  const out: Verdict[] = [];

  // R19: orientation valid on the date and issued for this sender, job and market. Its validity is the issue date
  // plus the policy's months (24), whatever expiry was typed on the paper.
  const validity = policy.require('orientation.validity');
  const validUntil = (p: PaperFact) => {
    const byPolicy = addMonths(p.issued_on, Number(validity.value));
    return p.expires_on && p.expires_on < byPolicy ? p.expires_on : byPolicy;
  };
  const orientation = f.papers.filter((p) => p.kind === 'orientation_certificate');
  const matching = orientation.filter(
    (p) =>
      Number(p.sender_agency_id) === f.agencyId &&
      p.market === f.market &&
      (!p.job_category || p.job_category === f.jobCategory),
  );
  const valid = matching.filter((p) => p.issued_on <= f.date && validUntil(p) >= f.date);
  out.push(
    verdict(
      'R19',
      valid.length > 0,
      valid.length
        ? `Chứng chỉ giáo dục định hướng số ${valid[0].number} còn giá trị đến ${formatDateVi(validUntil(valid[0]))} (${validity.value} tháng kể từ ngày cấp).`
        : matching.length
          ? `Chứng chỉ giáo dục định hướng đã hết giá trị vào ngày xuất cảnh ${formatDateVi(f.date)} (cấp ngày ${formatDateVi(matching[0].issued_on)}, giá trị ${validity.value} tháng đến ${formatDateVi(validUntil(matching[0]))}): cần học lại.`
          : orientation.length
            ? 'Chứng chỉ giáo dục định hướng được cấp cho doanh nghiệp, công việc hoặc thị trường khác: cần giáo dục định hướng lại phần thay đổi và cấp chứng chỉ mới.'
            : 'Chưa có chứng chỉ giáo dục định hướng.',
      { date: f.date, certificates: orientation.length, validityMonths: validity.value },
      [validity.id],
      'Thông tư 21/2021/TT-BLĐTBXH, Điều 12 khoản 2 điểm b',
    ),
  );

  // passport valid on the date plus the market's margin
  const margin = policy.require('passport.margin', { country: f.market });
  const passport = latest('passport');
  const needUntil = addMonths(f.date, Number(margin.value));
  const passportOk = Boolean(passport) && passport.issued_on <= f.date && (passport.expires_on ?? '') >= needUntil;
  out.push(
    verdict(
      'PAPERS',
      passportOk,
      passportOk
        ? `Hộ chiếu số ${passport.number} còn hạn đến ${formatDateVi(passport.expires_on)} (cần đến ${formatDateVi(needUntil)}).`
        : passport
          ? `Hộ chiếu hết hạn ${formatDateVi(passport.expires_on)}, cần còn hạn ít nhất ${margin.value} tháng sau ngày xuất cảnh (đến ${formatDateVi(needUntil)}).`
          : 'Chưa có hộ chiếu.',
      { passportExpiresOn: passport?.expires_on ?? null, needUntil, marginMonths: margin.value },
      [margin.id],
      margin.citation,
    ),
  );

  const visa = latest('visa');
  out.push(
    verdict(
      'PAPERS',
      Boolean(visa),
      visa ? `Thị thực/giấy phép nhập cảnh số ${visa.number}.` : 'Chưa ghi nhận thị thực hoặc giấy phép nhập cảnh.',
      { visa: visa?.number ?? null },
      [],
      'Luật 69/2020/QH14, Điều 44',
    ),
  );

  // R13: the Fund contribution at least 3 days before departure
  const fundBy = addDays(f.date, -FUND_DAYS_BEFORE_DEPARTURE);
  const fundOk = f.fundContributionPaidOn !== null && f.fundContributionPaidOn <= fundBy;
  out.push(
    verdict(
      'R13',
      fundOk,
      fundOk
        ? `Đã đóng Quỹ Hỗ trợ việc làm ngoài nước ngày ${formatDateVi(f.fundContributionPaidOn)}.`
        : f.fundContributionPaidOn
          ? `Đóng Quỹ ngày ${formatDateVi(f.fundContributionPaidOn)} là muộn: phải đóng chậm nhất ngày ${formatDateVi(fundBy)} (3 ngày trước xuất cảnh).`
          : `Chưa ghi nhận đóng Quỹ Hỗ trợ việc làm ngoài nước (100.000 đồng, chậm nhất ngày ${formatDateVi(fundBy)}).`,
      { fundContributionPaidOn: f.fundContributionPaidOn, latestAllowed: fundBy },
      [],
      'Quyết định 40/2021/QĐ-TTg, Điều 8',
    ),
  );

  if (f.depositRequiredVnd > 0) {
    out.push(
      verdict(
        'R9',
        f.workerDepositPaidOn !== null,
        f.workerDepositPaidOn
          ? `Đã ký quỹ ngày ${formatDateVi(f.workerDepositPaidOn)}.`
          : 'Đơn hàng yêu cầu ký quỹ nhưng chưa ghi nhận người lao động đã ký quỹ.',
        { depositRequiredVnd: f.depositRequiredVnd, workerDepositPaidOn: f.workerDepositPaidOn },
      ),
    );
  }
  return out;
}

/** Gathers the facts for a case at a date. */
export async function departureFacts(
  c: Pick<Case, 'id' | 'workerId' | 'jobOrderId' | 'agencyId' | 'fundContributionPaidOn' | 'workerDepositPaidOn'>,
  date: string,
  transaction?: Transaction,
): Promise<DepartureFacts> {
  const [order] = await sequelize().query<{
    job_category: string;
    destination_country: string | null;
    deposit_vnd: string;
    contract_months: number | null;
  }>('SELECT job_category, destination_country, deposit_vnd, contract_months FROM job_orders WHERE id = $1', {
    bind: [c.jobOrderId],
    type: QueryTypes.SELECT,
    transaction,
  });
  const papers = await factsOf(
    'papers.forDeparture',
    { workerId: Number(c.workerId), caseId: Number(c.id) },
    transaction,
  );
  return {
    date,
    agencyId: Number(c.agencyId),
    jobCategory: order.job_category,
    market: order.destination_country,
    depositRequiredVnd: Number(order.deposit_vnd),
    fundContributionPaidOn: c.fundContributionPaidOn,
    workerDepositPaidOn: c.workerDepositPaidOn,
    papers,
  };
}

export async function departureVerdicts(
  c: Parameters<typeof departureFacts>[0],
  date: string | null,
  transaction?: Transaction,
): Promise<Verdict[]> {
  if (!date) return [verdict('R15', false, 'Cần ghi ngày xuất cảnh dự kiến để kiểm tra giấy tờ.', {})];
  return checkDeparture(await departureFacts(c, date, transaction), await policiesAt(date));
}
