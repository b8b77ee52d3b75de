// What the case-based templates share: the facts of a case in the actor's scope, as a plain snapshot (names, not
// codes: the snapshot alone must draw the document, whatever changes later), and the issuer's symbol.
import { select } from '../../../db/sql';
import { NotFoundError } from '../../../shared/errors';
import type { Actor } from '../../../shared/auth/permissions';
import { scoped } from '../../../shared/auth/scope';
import { recordAccess } from '../../../shared/audit';
import { fold } from '../../../shared/text';
import { Case, CASE_STATE_TABLE, portalCases } from '../../cases';
import { agencyLetterhead } from '../../agencies';
import { orderTermsForWorker, CATEGORY_LABELS } from '../../job-orders';
import { communeName, countryName, provinceName } from '../../reference';

/** The letters after the type in a number ("HĐ-NLHT"): the initials of the agency's name, past its legal form. */
export function issuerSymbol(name: string): string {
  const words = fold(name)
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !['CONG', 'TY', 'CP', 'TNHH', 'CO', 'PHAN', 'MTV', 'TRACH', 'NHIEM', 'HUU', 'HAN'].includes(w));
  return (words.map((w) => w[0]).join('') || 'DN').slice(0, 6);
}

export interface CaseSnapshot {
  issuer: { name: string; licenceNumber: string | null; address: string | null; province: string };
  worker: {
    fullName: string;
    dateOfBirth: string;
    cccd: string;
    sex: string;
    address: string;
    phone: string | null;
  };
  case: {
    code: string;
    stage: string;
    selectedOn: string | null;
    contractSignedOn: string | null;
    plannedDepartureOn: string | null;
    departedOn: string | null;
    returnedOn: string | null;
    liquidatedOn: string | null;
    contractStartOn: string | null;
    contractEndOn: string | null;
    deductions: { amountVnd: number; reason: string }[];
  };
  order: {
    reference: string;
    employer: string | null;
    country: string | null;
    job: string | null;
    category: string | null;
    contractMonths: number | null;
    salary: string | null;
    serviceFeeVnd: number;
    serviceFeeCapVnd: number | null;
    feeSteps: string[];
    brokerageVnd: number;
    depositVnd: number;
    depositCapVnd: number | null;
    verdicts: { ruleId: string; ok: boolean; message: string; citation: string }[];
  };
  nextSteps: { text: string; who: string; dueOn: string }[];
}

export interface CaseFacts {
  snapshot: CaseSnapshot;
  agencyId: number;
  workerId: number;
  caseId: number;
}

/** A case in the actor's scope (404 outside it) and everything its documents print. The read is logged. */
export async function caseFacts(actor: Actor, caseIdText: string): Promise<CaseFacts> {
  const id = /^\d{1,15}$/.test(caseIdText) ? Number(caseIdText) : 0;
  const c = await Case.findOne({ where: scoped(actor, 'case', { id }) });
  if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
  const [w] = await select<{
    full_name: string;
    date_of_birth: string;
    cccd: string;
    sex: string;
    commune_code: string | null;
    province_code: string | null;
    phone: string | null;
  }>(
    'SELECT full_name, date_of_birth, cccd, sex, commune_code, province_code, phone FROM worker_directory WHERE id = $1',
    [c.workerId],
  );
  const agency = await agencyLetterhead(Number(c.agencyId));
  const terms = await orderTermsForWorker(Number(c.jobOrderId));
  const [ref] = await select<{ reference: string; job_title: string | null }>(
    'SELECT reference, job_title FROM job_order_terms WHERE id = $1',
    [c.jobOrderId],
  );
  const [{ code }] = await select<{ code: string }>('SELECT code FROM case_placements WHERE id = $1', [c.id]);
  const portal = (await portalCases(Number(c.workerId))).find((p) => p.id === Number(c.id));
  await recordAccess(actor, 'worker.read', 'worker', Number(c.workerId));
  const snapshot: CaseSnapshot = {
    issuer: {
      name: agency?.name ?? 'Doanh nghiệp',
      licenceNumber: agency?.licenceNumber ?? null,
      address: agency?.address ?? null,
      // the place of the date line: the locality's own name ("Thanh Hóa, ngày …"), as Decree 30 documents write it
      province: (provinceName(agency?.provinceCode) || 'Hà Nội').replace(/^(Tỉnh|Thành phố)\s+/, ''),
    },
    worker: {
      fullName: w.full_name,
      dateOfBirth: w.date_of_birth,
      cccd: w.cccd,
      sex: w.sex === 'male' ? 'Nam' : 'Nữ',
      address: [communeName(w.commune_code), provinceName(w.province_code)].filter(Boolean).join(', '),
      phone: w.phone,
    },
    case: {
      code,
      stage: CASE_STATE_TABLE[c.state as keyof typeof CASE_STATE_TABLE]?.label ?? c.state,
      selectedOn: c.selectedOn,
      contractSignedOn: c.contractSignedOn,
      plannedDepartureOn: c.plannedDepartureOn,
      departedOn: c.departedOn,
      returnedOn: c.returnedOn,
      liquidatedOn: c.liquidatedOn,
      contractStartOn: c.labourContractStartOn,
      contractEndOn: c.labourContractEndOn,
      deductions: (c.liquidationDeductions ?? []).map((d) => ({ amountVnd: Number(d.amountVnd), reason: d.reason })),
    },
    order: {
      reference: ref?.reference ?? '',
      employer: terms?.employerName ?? null,
      country: terms?.destinationCountry ? countryName(terms.destinationCountry) : null,
      job: ref?.job_title ?? null,
      category: terms?.jobCategory
        ? (CATEGORY_LABELS[terms.jobCategory as keyof typeof CATEGORY_LABELS] ?? null)
        : null,
      contractMonths: terms?.contractMonths ?? null,
      salary:
        terms?.salaryMinor && terms.salaryCurrency
          ? `${terms.salaryMinor.toLocaleString('vi-VN')} ${terms.salaryCurrency}`
          : null,
      serviceFeeVnd: terms?.serviceFeeVnd ?? 0,
      serviceFeeCapVnd: terms?.feeCap?.allowedVnd ?? null,
      feeSteps: terms?.feeCap?.steps ?? [],
      brokerageVnd: terms?.brokerageVnd ?? 0,
      depositVnd: terms?.depositVnd ?? 0,
      depositCapVnd: terms?.depositCapVnd ?? null,
      verdicts: terms?.moneyVerdicts ?? [],
    },
    nextSteps: (portal?.nextSteps ?? []).map((s) => ({ text: s.text, who: s.who, dueOn: s.dueOn })),
  };
  return { snapshot, agencyId: Number(c.agencyId), workerId: Number(c.workerId), caseId: Number(c.id) };
}

/** The collect of a template drawn from one case: its facts, issued by the case's agency for its worker. */
export async function collectCase(actor: Actor, subjectId: string) {
  const f = await caseFacts(actor, subjectId);
  return {
    snapshot: f.snapshot,
    agencyId: f.agencyId,
    workerId: f.workerId,
    holderName: f.snapshot.worker.fullName,
    issuerKey: `agency:${f.agencyId}`,
    issuerSymbol: issuerSymbol(f.snapshot.issuer.name),
  };
}
