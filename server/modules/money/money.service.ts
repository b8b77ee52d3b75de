// The ledger (ARCHITECTURE.md, Money): every đồng a worker pays or is owed is an append-only entry on her case, checked
// against the law before it is accepted. One posting is one transaction: lock the case row (every entry and every
// transition of the case serialise on it), replay an idempotency key already used, gather the facts, run the rules,
// insert (a trigger keeps ledger_balances, whose CHECKs refuse an overdrawn deposit), and recompute the case's
// obligations (R11, R13, R14), all committed together or not at all.
import crypto from 'node:crypto';
import { DatabaseError, UniqueConstraintError } from 'sequelize';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import { AppError, ConflictError, NotFoundError, RulesViolatedError, ValidationError } from '../../shared/errors';
import type { Actor } from '../../shared/auth/permissions';
import { recordAudit } from '../../shared/audit';
import { scoped } from '../../shared/auth/scope';
import { requireReadableFile } from '../../shared/files';
import { today } from '../../shared/clock';
import { factsOf, registerFacts } from '../../shared/registry';
import { ruleWords, type Verdict } from '../../shared/rules';
import { obligationsOf } from '../../shared/obligations';
import { maskCccd } from '../../shared/cccd';
import { pageBlock } from '../../shared/paging';
import { Case, lockCase, refreshCaseObligations } from '../cases';
import { orderMoneyTerms, CATEGORY_LABELS as JOB_LABELS } from '../job-orders';
import { policiesAt } from '../policies';
import { countryName } from '../reference';
import {
  checkEntry,
  depositInterest,
  emptyBalances,
  feeRefundQuote,
  held,
  type Balances,
  type EntryInput,
  type EntryKind,
  type MoneyFacts,
} from './money.rules';
import { CATEGORY_LABELS, KIND_LABELS, METHOD_LABELS } from './money.labels';
import type { AccountBody, DepositRefundBody, EntryBody, FeeRefundBody, ReconciliationQuery } from './money.schemas';

type CaseRow = NonNullable<Awaited<ReturnType<typeof lockCase>>>;

interface EntryRaw {
  id: string;
  case_id: string;
  agency_id: string;
  worker_id: string;
  kind: EntryKind;
  component: 'principal' | 'interest';
  category: string | null;
  amount_vnd: string;
  occurred_on: string;
  payer: string;
  payee: string;
  method: string;
  reference: string | null;
  evidence_file_id: string | null;
  interest_rate_percent: string | null;
  interest_days: number | null;
  deduction_index: number | null;
  note: string | null;
  migrated: boolean;
  reverses_id: string | null;
  reversed_by_id?: string | null;
  actor_user_id: string | null;
  idempotency_key: string;
  request_digest: string;
  verdicts: Verdict[];
  created_at: Date;
}

export interface Entry {
  id: number;
  caseId: number;
  kind: EntryKind;
  kindLabel: string;
  component: 'principal' | 'interest';
  category: string | null;
  categoryLabel: string | null;
  amountVnd: number;
  /** + for what it adds to its balance, − for a reversal */
  signedVnd: number;
  occurredOn: string;
  payer: string;
  payee: string;
  method: string;
  methodLabel: string;
  reference: string | null;
  evidenceFileId: number | null;
  interestRatePercent: string | null;
  interestDays: number | null;
  deductionIndex: number | null;
  note: string | null;
  migrated: boolean;
  reversesId: number | null;
  reversedById: number | null;
  createdAt: string;
}

const ENTRY_COLUMNS = `e.id, e.case_id, e.agency_id, e.worker_id, e.kind, e.component, e.category, e.amount_vnd, e.occurred_on,
  e.payer, e.payee, e.method, e.reference, e.evidence_file_id, e.interest_rate_percent, e.interest_days, e.deduction_index,
  e.note, e.migrated, e.reverses_id, e.actor_user_id, e.idempotency_key, e.request_digest, e.verdicts, e.created_at`;

const toEntry = (r: EntryRaw): Entry => ({
  id: Number(r.id),
  caseId: Number(r.case_id),
  kind: r.kind,
  kindLabel:
    (r.reverses_id ? 'Điều chỉnh: ' : '') +
    (KIND_LABELS[r.kind] ?? r.kind) +
    (r.component === 'interest' ? ' (tiền lãi)' : ''),
  component: r.component,
  category: r.category,
  categoryLabel: r.category ? (CATEGORY_LABELS[r.category] ?? r.category) : null,
  amountVnd: Number(r.amount_vnd),
  signedVnd: r.reverses_id ? -Number(r.amount_vnd) : Number(r.amount_vnd),
  occurredOn: r.occurred_on,
  payer: r.payer,
  payee: r.payee,
  method: r.method,
  methodLabel: METHOD_LABELS[r.method] ?? r.method,
  reference: r.reference,
  evidenceFileId: r.evidence_file_id === null ? null : Number(r.evidence_file_id),
  interestRatePercent: r.interest_rate_percent === null ? null : String(Number(r.interest_rate_percent)),
  interestDays: r.interest_days,
  deductionIndex: r.deduction_index,
  note: r.note,
  migrated: r.migrated,
  reversesId: r.reverses_id === null ? null : Number(r.reverses_id),
  reversedById: r.reversed_by_id === null || r.reversed_by_id === undefined ? null : Number(r.reversed_by_id),
  createdAt: new Date(r.created_at).toISOString(),
});

/** The sums of a case (the trigger-kept row), zero when it has no entry yet. */
export async function balancesOf(caseId: number): Promise<Balances> {
  const [b] = await select<Record<string, string>>('SELECT * FROM ledger_balances WHERE case_id = $1', [caseId]);
  if (!b) return emptyBalances();
  return {
    depositReceived: BigInt(b.deposit_received_vnd),
    depositInterest: BigInt(b.deposit_interest_vnd),
    depositDeducted: BigInt(b.deposit_deducted_vnd),
    depositRefunded: BigInt(b.deposit_refunded_vnd),
    feeDue: BigInt(b.fee_due_vnd),
    feePaid: BigInt(b.fee_paid_vnd),
    feeRefunded: BigInt(b.fee_refunded_vnd),
    feeRefundInterest: BigInt(b.fee_refund_interest_vnd),
    fundPaid: BigInt(b.fund_paid_vnd),
    otherCosts: BigInt(b.other_costs_vnd),
    support: BigInt(b.support_vnd),
  };
}

const numbers = (b: Balances) => ({
  depositReceivedVnd: Number(b.depositReceived),
  depositInterestVnd: Number(b.depositInterest),
  depositDeductedVnd: Number(b.depositDeducted),
  depositRefundedVnd: Number(b.depositRefunded),
  depositHeldVnd: Number(held(b)),
  feeDueVnd: Number(b.feeDue),
  feePaidVnd: Number(b.feePaid),
  feeRefundedVnd: Number(b.feeRefunded),
  feeRefundInterestVnd: Number(b.feeRefundInterest),
  feeOutstandingVnd: Number(b.feeDue - b.feePaid),
  fundPaidVnd: Number(b.fundPaid),
  otherCostsVnd: Number(b.otherCosts),
  supportVnd: Number(b.support),
});

export interface DepositAccount {
  holder: 'commercial_bank' | 'vbsp';
  bankName: string;
  bankBranch: string | null;
  accountNumber: string;
  accountHolderName: string;
  agreementNumber: string | null;
  agreementOn: string;
  employerAcceptedOn: string | null;
  fromLoan: boolean;
  loanAmountVnd: number | null;
  version: number;
}

export async function accountOf(caseId: number): Promise<DepositAccount | null> {
  const [a] = await select<Record<string, string | null>>(
    `SELECT holder, bank_name, bank_branch, account_number, account_holder_name, agreement_number, agreement_on,
            employer_accepted_on, from_loan, loan_amount_vnd, version FROM deposit_accounts WHERE case_id = $1`,
    [caseId],
  );
  if (!a) return null;
  return {
    holder: a.holder as DepositAccount['holder'],
    bankName: a.bank_name!,
    bankBranch: a.bank_branch,
    accountNumber: a.account_number!,
    accountHolderName: a.account_holder_name!,
    agreementNumber: a.agreement_number,
    agreementOn: a.agreement_on!,
    employerAcceptedOn: a.employer_accepted_on,
    fromLoan: a.from_loan as unknown as boolean,
    loanAmountVnd: a.loan_amount_vnd === null ? null : Number(a.loan_amount_vnd),
    version: Number(a.version),
  };
}

/** Everything the rules read about a case at a date, in the caller's transaction. */
async function gatherFacts(actor: Actor, c: CaseRow, date: string): Promise<MoneyFacts> {
  const terms = await orderMoneyTerms(Number(c.jobOrderId), date);
  if (!terms) throw new NotFoundError('Không tìm thấy đơn hàng của hồ sơ');
  const policy = await policiesAt(date);
  const scope = { country: terms.market, jobCategory: terms.jobCategory };
  const eps = terms.jobCategory === 'kr_eps' ? policy.get('eps.deposit', scope) : null;
  const fund = policy.get('fund.worker_contribution');
  const balances = await balancesOf(Number(c.id));
  const posted = await select<{ deduction_index: number; n: string }>(
    `SELECT deduction_index, sum(CASE WHEN reverses_id IS NULL THEN amount_vnd ELSE -amount_vnd END) AS n
     FROM ledger_entries WHERE case_id = $1 AND kind = 'deposit_deduction' GROUP BY deduction_index`,
    [c.id],
  );
  const [ext] = await select<{ n: string | null }>(
    'SELECT sum(fee_vnd) AS n FROM case_extension_fees WHERE case_id = $1',
    [c.id],
  );
  const papers = await factsOf('papers.forDeparture', { workerId: Number(c.workerId), caseId: Number(c.id) });
  const visa = papers.filter((p) => p.kind === 'visa').sort((a, b) => a.issued_on.localeCompare(b.issued_on))[0];
  const account = await accountOf(Number(c.id));
  return {
    date,
    fromBranch: actor.branchId !== null && actor.branchId !== undefined,
    case: {
      state: c.state,
      contractSignedOn: c.contractSignedOn,
      departedOn: c.departedOn,
      returnedOn: c.returnedOn,
      returnOutcome: c.returnOutcome,
      liquidatedOn: c.liquidatedOn,
      deductions: (c.liquidationDeductions ?? []).map((x) => ({ amountVnd: Number(x.amountVnd), reason: x.reason })),
    },
    order: {
      market: terms.market,
      marketName: terms.market ? countryName(terms.market) || terms.market : 'nước này',
      jobCategory: terms.jobCategory,
      jobLabel: (JOB_LABELS as Record<string, string>)[terms.jobCategory] ?? terms.jobCategory,
      agreedDepositVnd: BigInt(terms.agreedDepositVnd),
      depositCap: terms.depositCap
        ? {
            capVnd: BigInt(terms.depositCap.capVnd),
            value: String(terms.depositCap.capVnd),
            unit: 'vnd',
            id: terms.depositCap.policyIds[0] ?? 0,
            citation: terms.depositCap.citation,
          }
        : null,
      epsDeposit: eps
        ? {
            amountVnd: BigInt(eps.value.split('.')[0]),
            value: eps.value,
            unit: eps.unit,
            id: eps.id,
            citation: eps.citation,
          }
        : null,
      feeAllowedVnd: terms.fee ? BigInt(terms.fee.allowedVnd) : null,
      feeSteps: terms.fee?.steps ?? [],
      feeCitation: terms.fee?.citation ?? 'Luật 69/2020/QH14, Điều 23 khoản 4',
      supplyApprovedOn: terms.supplyApprovedOn,
      publicUnit: terms.agencyKind === 'public_unit',
    },
    extensionFeesVnd: BigInt(ext?.n ?? 0),
    visaIssuedOn: visa?.issued_on ?? null,
    account: account
      ? {
          holder: account.holder,
          bankName: account.bankName,
          accountNumber: account.accountNumber,
          employerAcceptedOn: account.employerAcceptedOn,
        }
      : null,
    balances,
    deductionsPosted: new Map(posted.map((p) => [Number(p.deduction_index), BigInt(p.n)])),
    fundContribution: fund
      ? { value: fund.value.split('.')[0], unit: fund.unit, id: fund.id, citation: fund.citation }
      : null,
  };
}

/** A refusal that names the rule and the figure: "R9 — Mức ký quỹ tối đa: ký quỹ tối đa cho Đài Loan là …". */
function refuse(failing: Verdict[]): never {
  const message = failing.map((v) => `${ruleWords(v.ruleId)}: ${v.message}`).join(' ');
  throw new RulesViolatedError(failing, message);
}

function digestOf(v: Record<string, unknown>): string {
  const keys = Object.keys(v).sort();
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k, v[k] ?? null])))
    .digest('hex');
}

interface NewEntry extends EntryInput {
  occurredOn: string;
  payer: string;
  payee: string;
  reference: string | null;
  evidenceFileId: number | null;
  interestRatePercent: string | null;
  interestDays: number | null;
  note: string | null;
  reversesId: number | null;
}

/** An entry already written under this key: the same request gets it back, another request is refused (409). */
async function replayOf(agencyId: number, key: string, caseId: number, digest: string): Promise<Entry | null> {
  const [r] = await select<EntryRaw>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e WHERE e.agency_id = $1 AND e.idempotency_key = $2`,
    [agencyId, key],
  );
  if (!r) return null;
  if (Number(r.case_id) !== caseId || r.request_digest !== digest)
    throw new ConflictError(
      'Khóa chống ghi trùng này đã được dùng cho một khoản khác (hồ sơ, loại hoặc số tiền khác). Hãy tạo khóa mới cho khoản mới.',
      { reason: 'IDEMPOTENCY_KEY_REUSED', entryId: Number(r.id) },
    );
  return toEntry(r);
}

async function insertEntry(actor: Actor, c: CaseRow, e: NewEntry, key: string, digest: string, verdicts: Verdict[]) {
  const [row] = await select<EntryRaw>(
    `INSERT INTO ledger_entries AS e (case_id, agency_id, worker_id, kind, component, category, amount_vnd, occurred_on, payer,
       payee, method, reference, evidence_file_id, interest_rate_percent, interest_days, deduction_index, note, reverses_id,
       actor_user_id, idempotency_key, request_digest, verdicts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
     RETURNING ${ENTRY_COLUMNS}`,
    [
      c.id,
      c.agencyId,
      c.workerId,
      e.kind,
      e.component ?? 'principal',
      e.category ?? null,
      e.amountVnd.toString(),
      e.occurredOn,
      e.payer,
      e.payee,
      e.method,
      e.reference,
      e.evidenceFileId,
      e.interestRatePercent,
      e.interestDays,
      e.deductionIndex ?? null,
      e.note,
      e.reversesId,
      actor.userId,
      key,
      digest,
      JSON.stringify(verdicts),
    ],
  );
  await recordAudit({
    actor,
    action: e.reversesId ? 'ledger.reversed' : 'ledger.posted',
    entity: 'case',
    entityId: Number(c.id),
    after: { entryId: Number(row.id), kind: e.kind, amountVnd: Number(e.amountVnd), occurredOn: e.occurredOn },
  });
  return toEntry(row);
}

/** The database's own refusals (the balance CHECKs, a key taken by a racing twin) as clear answers, never a 500. */
function databaseRefusal(err: unknown): never {
  if (err instanceof UniqueConstraintError)
    throw new ConflictError('Khoản này vừa được ghi bởi một yêu cầu khác cùng khóa. Tải lại trang để xem.', {
      reason: 'IDEMPOTENCY_KEY_REUSED',
    });
  const original = (err as { original?: { code?: string; constraint?: string } })?.original;
  if (err instanceof DatabaseError && original?.code === '23514') {
    if (original.constraint === 'deposit_never_negative' || original.constraint === 'fee_refund_within_paid')
      throw new ConflictError(
        'Số dư không cho phép khoản này (tiền ký quỹ không được âm, hoàn không vượt số đã thu).',
        { reason: 'BALANCE_CHECK' },
      );
    throw new ValidationError([
      { path: original.constraint ?? 'body', message: 'Giá trị không hợp lệ (ngoài khoảng cho phép)' },
    ]);
  }
  if (err instanceof DatabaseError && original?.code === '22003')
    throw new ValidationError([{ path: 'amountVnd', message: 'Số tiền quá lớn' }]);
  throw err;
}

const workerNameOf = async (workerId: number) =>
  (await select<{ full_name: string }>('SELECT full_name FROM worker_directory WHERE id = $1', [workerId]))[0]
    ?.full_name ?? 'Người lao động';

/** Who pays whom, when the body does not say: the worker, the agency, the blocked account, the Fund. */
async function defaultParties(c: CaseRow, kind: EntryKind, account: DepositAccount | null) {
  const worker = await workerNameOf(Number(c.workerId));
  const agency =
    (await select<{ name: string }>('SELECT name FROM agency_directory WHERE id = $1', [c.agencyId]))[0]?.name ??
    'Doanh nghiệp';
  // bank data stays out of free text: the number masked (the account itself is in deposit_accounts)
  const blocked = account
    ? `Tài khoản phong tỏa ${maskAccount(account.accountNumber)} tại ${account.bankName}`.slice(0, 200)
    : 'Tài khoản phong tỏa';
  switch (kind) {
    case 'deposit_received':
      return { payer: worker, payee: blocked };
    case 'deposit_interest':
      return { payer: account?.bankName ?? 'Ngân hàng', payee: blocked };
    case 'deposit_deduction':
      return { payer: blocked, payee: agency };
    case 'deposit_refunded':
      return { payer: blocked, payee: worker };
    case 'service_fee_due':
    case 'service_fee_paid':
      return { payer: worker, payee: agency };
    case 'service_fee_refund':
      return { payer: agency, payee: worker };
    case 'fund_contribution_paid':
      return { payer: worker, payee: 'Quỹ Hỗ trợ việc làm ngoài nước' };
    case 'other_cost_paid':
      return { payer: worker, payee: 'Cơ quan, đơn vị cung cấp' };
    case 'support_paid':
      return { payer: 'Ngân sách nhà nước', payee: worker };
  }
}

async function lockOrFail(actor: Actor, caseId: number): Promise<CaseRow> {
  const c = await lockCase(actor, caseId);
  if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
  return c;
}

/**
 * Posts one entry (R2, R6–R14 checked at its date). `replayed` says the key had been used by this very request
 * before: the original comes back, nothing new is written.
 */
export async function postEntry(
  actor: Actor,
  caseId: number,
  body: EntryBody,
  key: string,
): Promise<{ entry: Entry; replayed: boolean }> {
  if (body.evidenceFileId) await requireReadableFile(actor, body.evidenceFileId, 'evidenceFileId');
  const amount = BigInt(body.amountVnd);
  const digest = digestOf({
    caseId,
    kind: body.kind,
    amountVnd: body.amountVnd,
    occurredOn: body.occurredOn,
    method: body.method,
    category: body.category,
    deductionIndex: body.deductionIndex,
    reference: body.reference,
    interestRatePercent: body.interestRatePercent,
  });
  try {
    return await inTransaction(async () => {
      const c = await lockOrFail(actor, caseId);
      const again = await replayOf(Number(c.agencyId), key, caseId, digest);
      if (again) return { entry: again, replayed: true };
      const kind = body.kind as EntryKind;
      if (kind === 'deposit_received' && body.method !== 'blocked_account')
        refuse([
          {
            ok: false,
            ruleId: 'R10',
            message:
              'Tiền ký quỹ phải nộp vào tài khoản phong tỏa đứng tên người lao động; doanh nghiệp không được giữ tiền mặt.',
            citation: 'Luật 69/2020/QH14, Điều 25 khoản 2; Nghị định 283/2026/NĐ-CP, Điều 49 khoản 6 điểm c',
            details: { method: body.method },
            policyIds: [],
          },
        ]);
      const facts = await gatherFacts(actor, c, body.occurredOn);
      const input: EntryInput = {
        kind,
        amountVnd: amount,
        category: body.category ?? null,
        deductionIndex: body.deductionIndex ?? null,
        method: body.method,
      };
      const verdicts = checkEntry(facts, input);
      const failing = verdicts.filter((v) => !v.ok);
      if (failing.length) refuse(failing);
      const account = await accountOf(caseId);
      const parties = await defaultParties(c, kind, account);
      const entry = await insertEntry(
        actor,
        c,
        {
          ...input,
          occurredOn: body.occurredOn,
          payer: (body.payer || parties.payer).slice(0, 200),
          payee: (body.payee || parties.payee).slice(0, 200),
          reference: body.reference ?? null,
          evidenceFileId: body.evidenceFileId ?? null,
          interestRatePercent: body.interestRatePercent ?? null,
          interestDays: null,
          note: body.note ?? null,
          reversesId: null,
        },
        key,
        digest,
        verdicts,
      );
      await refreshCaseObligations(caseId);
      return { entry, replayed: false };
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return databaseRefusal(err);
  }
}

/**
 * State support paid to the worker (issue 19): the grants module records each payment of an approved application
 * as an entry of kind support_paid on her case, in the payment's transaction, keyed by the application (paid twice,
 * it is written once). Only through here: the ledger's own form does not offer this kind.
 */
export async function recordSupportPayment(
  actor: Actor,
  caseId: number,
  p: {
    amountVnd: bigint;
    paidOn: string;
    method: 'cash' | 'bank_transfer';
    reference: string;
    payer: string;
    note: string;
  },
  key: string,
): Promise<Entry> {
  const r = await postEntry(
    actor,
    caseId,
    {
      kind: 'support_paid',
      amountVnd: Number(p.amountVnd),
      occurredOn: p.paidOn,
      method: p.method,
      payer: p.payer,
      reference: p.reference,
      note: p.note,
    },
    key,
  );
  return r.entry;
}

/** A correction: the entry's reversal (same case, kind, amount, counted negative), never an edit or a delete. */
export async function reverseEntry(
  actor: Actor,
  caseId: number,
  entryId: number,
  reason: string,
  key: string,
): Promise<{ entry: Entry; replayed: boolean }> {
  const digest = digestOf({ caseId, reverses: entryId });
  try {
    return await inTransaction(async () => {
      const c = await lockOrFail(actor, caseId);
      const again = await replayOf(Number(c.agencyId), key, caseId, digest);
      if (again) return { entry: again, replayed: true };
      const [o] = await select<EntryRaw>(
        `SELECT ${ENTRY_COLUMNS}, (SELECT r.id FROM ledger_entries r WHERE r.reverses_id = e.id) AS reversed_by_id
         FROM ledger_entries e WHERE e.id = $1 AND e.case_id = $2`,
        [entryId, caseId],
      );
      if (!o) throw new NotFoundError('Không tìm thấy khoản này trong sổ của hồ sơ');
      if (o.reverses_id) throw new ConflictError('Không điều chỉnh một khoản điều chỉnh; hãy ghi lại khoản đúng.');
      if (o.reversed_by_id) throw new ConflictError('Khoản này đã được điều chỉnh.', { reason: 'ALREADY_REVERSED' });
      if (o.kind === 'support_paid') throw new ConflictError('Khoản hỗ trợ do cơ quan chi trả điều chỉnh.');
      const entry = await insertEntry(
        actor,
        c,
        {
          kind: o.kind,
          component: o.component,
          amountVnd: BigInt(o.amount_vnd),
          category: o.category,
          deductionIndex: o.deduction_index,
          method: o.method,
          occurredOn: today(),
          payer: o.payee,
          payee: o.payer,
          reference: o.reference,
          evidenceFileId: null,
          interestRatePercent: o.interest_rate_percent,
          interestDays: o.interest_days,
          note: reason,
          reversesId: entryId,
        },
        key,
        digest,
        [],
      );
      await refreshCaseObligations(caseId);
      return { entry, replayed: false };
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return databaseRefusal(err);
  }
}

/** Records (or corrects, before any deposit is received) the blocked account in the worker's name (R10, R14). */
export async function setDepositAccount(actor: Actor, caseId: number, body: AccountBody): Promise<DepositAccount> {
  return inTransaction(async () => {
    return depositAccountIn(actor, caseId, body);
  }).catch((err: unknown) => (err instanceof AppError ? Promise.reject(err) : databaseRefusal(err)));
}

async function depositAccountIn(actor: Actor, caseId: number, body: AccountBody): Promise<DepositAccount> {
  {
    const c = await lockOrFail(actor, caseId);
    const before = await accountOf(caseId);
    const b = await balancesOf(caseId);
    if (before && b.depositReceived > 0n)
      throw new ConflictError(
        'Tài khoản đã nhận tiền ký quỹ: không sửa được nữa. Nếu sai, điều chỉnh khoản ký quỹ trước.',
        { reason: 'ACCOUNT_IN_USE' },
      );
    const holderName = await workerNameOf(Number(c.workerId));
    await execute(
      `INSERT INTO deposit_accounts (case_id, agency_id, holder, bank_name, bank_branch, account_number, account_holder_name,
         agreement_number, agreement_on, employer_accepted_on, from_loan, loan_amount_vnd, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (case_id) DO UPDATE SET holder = EXCLUDED.holder, bank_name = EXCLUDED.bank_name,
         bank_branch = EXCLUDED.bank_branch, account_number = EXCLUDED.account_number,
         account_holder_name = EXCLUDED.account_holder_name, agreement_number = EXCLUDED.agreement_number,
         agreement_on = EXCLUDED.agreement_on, employer_accepted_on = EXCLUDED.employer_accepted_on,
         from_loan = EXCLUDED.from_loan, loan_amount_vnd = EXCLUDED.loan_amount_vnd,
         recorded_by_user_id = EXCLUDED.recorded_by_user_id, version = deposit_accounts.version + 1, updated_at = now()`,
      [
        caseId,
        c.agencyId,
        body.holder,
        body.bankName,
        body.bankBranch || null,
        body.accountNumber,
        holderName,
        body.agreementNumber || null,
        body.agreementOn,
        body.employerAcceptedOn ?? null,
        body.fromLoan,
        body.fromLoan ? (body.loanAmountVnd ?? null) : null,
        actor.userId,
      ],
    );
    // bank data: the audit names the fields, never copies the account number
    await recordAudit({
      actor,
      action: before ? 'deposit_account.corrected' : 'deposit_account.recorded',
      entity: 'case',
      entityId: caseId,
      after: { holder: body.holder, bankName: body.bankName, agreementOn: body.agreementOn },
    });
    return (await accountOf(caseId))!;
  }
}

/**
 * R11: the deposit comes back with its interest: the bank's interest (the amount it paid, or computed from its demand
 * rate from the first receipt to the refund, rounded up) is posted first, then the refund of all that is held.
 */
export async function refundDeposit(actor: Actor, caseId: number, body: DepositRefundBody, key: string) {
  if (body.evidenceFileId) await requireReadableFile(actor, body.evidenceFileId, 'evidenceFileId');
  try {
    return await inTransaction(async () => {
      const c = await lockOrFail(actor, caseId);
      const digest = digestOf({ caseId, ...body, idempotencyKey: undefined });
      const again = await replayOf(Number(c.agencyId), `${key}:refund`, caseId, digest);
      if (again) return { entries: [again], replayed: true };
      const facts = await gatherFacts(actor, c, body.refundOn);
      const principal = held(facts.balances);
      const [first] = await select<{ on: string | null }>(
        `SELECT min(occurred_on) AS on FROM ledger_entries e WHERE case_id = $1 AND kind = 'deposit_received'
           AND reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)`,
        [caseId],
      );
      const computed = depositInterest(principal, body.interestRatePercent, first?.on ?? body.refundOn, body.refundOn);
      const interest = body.interestVnd !== undefined ? BigInt(body.interestVnd) : computed.interestVnd;
      const entries: Entry[] = [];
      const account = await accountOf(caseId);
      const parties = await defaultParties(c, 'deposit_refunded', account);
      if (interest > 0n && principal > 0n) {
        const v = checkEntry(facts, { kind: 'deposit_interest', amountVnd: interest, method: 'blocked_account' });
        const failing = v.filter((x) => !x.ok);
        if (failing.length) refuse(failing);
        entries.push(
          await insertEntry(
            actor,
            c,
            {
              kind: 'deposit_interest',
              amountVnd: interest,
              method: 'blocked_account',
              occurredOn: body.refundOn,
              payer: account?.bankName ?? 'Ngân hàng',
              payee: parties.payer,
              reference: body.reference ?? null,
              evidenceFileId: body.evidenceFileId ?? null,
              interestRatePercent: body.interestRatePercent,
              interestDays: computed.days,
              note: body.interestVnd !== undefined ? 'Tiền lãi theo chứng từ ngân hàng' : computed.step,
              reversesId: null,
            },
            `${key}:interest`,
            digest,
            v,
          ),
        );
        facts.balances.depositInterest += interest;
      }
      const amount = held(facts.balances);
      const verdicts = checkEntry(facts, { kind: 'deposit_refunded', amountVnd: amount, method: 'blocked_account' });
      const failing = verdicts.filter((v) => !v.ok);
      if (failing.length) refuse(failing);
      if (amount === 0n)
        refuse([
          {
            ok: false,
            ruleId: 'R11',
            message: 'Tài khoản ký quỹ không còn tiền để hoàn trả (số dư 0 ₫).',
            citation: 'Nghị định 112/2021/NĐ-CP, Điều 31, Điều 32',
            details: { heldVnd: 0 },
            policyIds: [],
          },
        ]);
      entries.push(
        await insertEntry(
          actor,
          c,
          {
            kind: 'deposit_refunded',
            amountVnd: amount,
            method: 'blocked_account',
            occurredOn: body.refundOn,
            payer: parties.payer,
            payee: parties.payee,
            reference: body.reference ?? null,
            evidenceFileId: body.evidenceFileId ?? null,
            interestRatePercent: body.interestRatePercent,
            interestDays: computed.days,
            note: `Hoàn trả gốc ${Number(principal).toLocaleString('vi-VN')} ₫ và lãi ${Number(interest).toLocaleString('vi-VN')} ₫`,
            reversesId: null,
          },
          `${key}:refund`,
          digest,
          verdicts,
        ),
      );
      await refreshCaseObligations(caseId);
      return { entries, replayed: false };
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return databaseRefusal(err);
  }
}

/** R12's arithmetic for a case now: what the worker gets back of the fee, with the steps in words. */
export async function feeRefundFor(actor: Actor, caseId: number, q: { refundOn: string; interestRatePercent: string }) {
  const c = await Case.findOne({ where: scoped(actor, 'case', { id: caseId }) });
  if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
  const b = await balancesOf(caseId);
  return quoteOf(c.get({ plain: true }) as CaseRow, b, q);
}

const quoteOf = (c: CaseRow, b: Balances, q: { refundOn: string; interestRatePercent: string }) =>
  feeRefundQuote({
    feePaidVnd: b.feePaid,
    feeRefundedVnd: b.feeRefunded,
    contractStartOn: c.labourContractStartOn,
    contractEndOn: c.labourContractEndOn,
    returnedOn: c.returnedOn,
    returnOutcome: c.returnOutcome,
    refundOn: q.refundOn,
    ratePercent: q.interestRatePercent,
  });

/** R12: posts the quoted refund as two entries (the unused fee, its interest) in one transaction. */
export async function refundFee(actor: Actor, caseId: number, body: FeeRefundBody, key: string) {
  try {
    return await inTransaction(async () => {
      const c = await lockOrFail(actor, caseId);
      const digest = digestOf({ caseId, ...body, idempotencyKey: undefined });
      const again = await replayOf(Number(c.agencyId), `${key}:principal`, caseId, digest);
      if (again) return { entries: [again], quote: null, replayed: true };
      const quote = quoteOf(c, await balancesOf(caseId), body);
      if (!quote.ok)
        refuse([
          {
            ok: false,
            ruleId: 'R12',
            message: quote.reason ?? 'Không hoàn được.',
            citation: 'Luật 69/2020/QH14, Điều 23 khoản 3',
            details: {},
            policyIds: [],
          },
        ]);
      const parties = await defaultParties(c, 'service_fee_refund', null);
      const common = {
        kind: 'service_fee_refund' as const,
        method: body.method,
        occurredOn: body.refundOn,
        ...parties,
        reference: body.reference ?? null,
        evidenceFileId: null,
        interestRatePercent: body.interestRatePercent,
        interestDays: quote.interestDays,
        reversesId: null,
      };
      const entries = [
        await insertEntry(
          actor,
          c,
          {
            ...common,
            component: 'principal',
            amountVnd: quote.principalVnd,
            note: quote.steps.slice(0, -2).join(' '),
          },
          `${key}:principal`,
          digest,
          [],
        ),
      ];
      if (quote.interestVnd > 0n)
        entries.push(
          await insertEntry(
            actor,
            c,
            { ...common, component: 'interest', amountVnd: quote.interestVnd, note: quote.steps.at(-2) ?? null },
            `${key}:interest`,
            digest,
            [],
          ),
        );
      return { entries, quote, replayed: false };
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return databaseRefusal(err);
  }
}

/** A case's ledger: entries (oldest first), balances, the blocked account, the money obligations. */
export async function ledgerOf(actor: Actor, caseId: number) {
  const c = await Case.findOne({ where: scoped(actor, 'case', { id: caseId }) });
  if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
  const rows = await select<EntryRaw>(
    `SELECT ${ENTRY_COLUMNS}, (SELECT r.id FROM ledger_entries r WHERE r.reverses_id = e.id) AS reversed_by_id
     FROM ledger_entries e WHERE e.case_id = $1 ORDER BY e.occurred_on, e.id`,
    [caseId],
  );
  const b = await balancesOf(caseId);
  const account = await accountOf(caseId);
  const obligations = (await obligationsOf({ type: 'case', id: caseId })).filter((o) =>
    ['R11', 'R13', 'R14'].includes(o.ruleId),
  );
  return {
    caseId,
    case: c.get({ plain: true }) as CaseRow,
    entries: rows.map(toEntry),
    balances: numbers(b),
    account:
      account && actor.role === 'worker' ? { ...account, accountNumber: maskAccount(account.accountNumber) } : account,
    obligations: obligations.map(({ kind, ruleId, dueOn, status, metOn }) => ({
      kind,
      ruleId,
      dueOn,
      status,
      metOn,
      overdue: status === 'open' && dueOn < today(),
    })),
  };
}

export const maskAccount = (n: string) => (n.length > 4 ? `${'•'.repeat(Math.min(8, n.length - 4))}${n.slice(-4)}` : n);

// ---- the facts the case rules read (R11, R13, R14), registered for the cases module: it never imports money
registerFacts('money.forCase', async ({ caseId }, transaction) => {
  const rows = await select<{ kind: string; amount_vnd: string; occurred_on: string; live: boolean }>(
    `SELECT e.kind, e.amount_vnd, e.occurred_on,
            (e.reverses_id IS NULL AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)) AS live
     FROM ledger_entries e
     WHERE e.case_id = $1 AND e.kind IN ('fund_contribution_paid', 'deposit_received', 'deposit_interest', 'deposit_deduction', 'deposit_refunded')
     ORDER BY e.occurred_on, e.id`,
    [caseId],
    transaction,
  );
  const live = rows.filter((r) => r.live);
  const fundDue = BigInt(
    ((await policiesAt(today())).get('fund.worker_contribution')?.value ?? '100000').split('.')[0],
  );
  let fund = 0n;
  let fundPaidOn: string | null = null;
  for (const r of live.filter((x) => x.kind === 'fund_contribution_paid')) {
    fund += BigInt(r.amount_vnd);
    if (fund >= fundDue) {
      fundPaidOn = r.occurred_on;
      break;
    }
  }
  const sum = (k: string) => live.filter((r) => r.kind === k).reduce((a, r) => a + BigInt(r.amount_vnd), 0n);
  const received = sum('deposit_received');
  const heldNow = received + sum('deposit_interest') - sum('deposit_deduction') - sum('deposit_refunded');
  const outs = live.filter((r) => r.kind === 'deposit_refunded' || r.kind === 'deposit_deduction');
  return {
    fundPaidOn,
    depositReceivedVnd: Number(received),
    depositReceivedOn: live.find((r) => r.kind === 'deposit_received')?.occurred_on ?? null,
    depositHeldVnd: Number(heldNow),
    depositSettledOn: received > 0n && heldNow === 0n ? (outs.at(-1)?.occurred_on ?? null) : null,
  };
});

// ---- the reconciliation of an agency: deposits held, refunds due, refunds overdue (R11)
export interface ReconciliationRow {
  caseId: number;
  caseCode: string;
  workerName: string;
  workerCccdMasked: string;
  state: string;
  heldVnd: number;
  receivedVnd: number;
  liquidatedOn: string | null;
  refundDueOn: string | null;
  overdue: boolean;
}

/**
 * One agency's deposits: the totals, and one page of the cases holding a deposit (or only those whose refund is due,
 * or overdue), earliest refund first. Read from the trigger-kept balances and the obligations table: two statements
 * whatever the number of cases (bench/RESULTS.md, money-reconciliation).
 */
export async function reconciliation(actor: Actor, q: ReconciliationQuery) {
  if (!actor.agencyId) throw new NotFoundError('Trang này dành cho doanh nghiệp');
  const agencyId = actor.agencyId;
  const on = today();
  const [totals] = await select<{
    cases: number;
    held: string;
    due: number;
    due_vnd: string;
    overdue: number;
    overdue_vnd: string;
  }>(
    `SELECT count(*)::int AS cases, coalesce(sum(b.deposit_held_vnd), 0) AS held,
            count(o.id)::int AS due, coalesce(sum(b.deposit_held_vnd) FILTER (WHERE o.id IS NOT NULL), 0) AS due_vnd,
            count(o.id) FILTER (WHERE o.due_on < $2)::int AS overdue,
            coalesce(sum(b.deposit_held_vnd) FILTER (WHERE o.due_on < $2), 0) AS overdue_vnd
     FROM ledger_balances b
     LEFT JOIN obligations o ON o.subject_type = 'case' AND o.subject_id = b.case_id AND o.kind = 'deposit_refund' AND o.status = 'open'
     WHERE b.agency_id = $1 AND b.deposit_held_vnd > 0`,
    [agencyId, on],
  );
  const filter = q.show === 'overdue' ? `AND o.due_on < $2` : q.show === 'due' ? 'AND o.id IS NOT NULL' : '';
  const rows = await select<{
    case_id: string;
    code: string;
    full_name: string;
    cccd: string;
    state: string;
    held: string;
    received: string;
    liquidated_on: string | null;
    due_on: string | null;
  }>(
    `SELECT b.case_id, p.code, w.full_name, w.cccd, p.state, b.deposit_held_vnd AS held, b.deposit_received_vnd AS received,
            p.liquidated_on, o.due_on
     FROM ledger_balances b
     LEFT JOIN obligations o ON o.subject_type = 'case' AND o.subject_id = b.case_id AND o.kind = 'deposit_refund' AND o.status = 'open'
     JOIN case_placements p ON p.id = b.case_id
     JOIN worker_directory w ON w.id = b.worker_id
     WHERE b.agency_id = $1 AND b.deposit_held_vnd > 0 ${filter} AND $2::date IS NOT NULL
     ORDER BY o.due_on ASC NULLS LAST, b.case_id
     LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    [agencyId, on],
  );
  const total = q.show === 'overdue' ? totals.overdue : q.show === 'due' ? totals.due : totals.cases;
  return {
    totals: {
      cases: totals.cases,
      heldVnd: Number(totals.held),
      refundsDue: totals.due,
      refundsDueVnd: Number(totals.due_vnd),
      refundsOverdue: totals.overdue,
      refundsOverdueVnd: Number(totals.overdue_vnd),
    },
    data: rows.map((r): ReconciliationRow => ({
      caseId: Number(r.case_id),
      caseCode: r.code,
      workerName: r.full_name,
      workerCccdMasked: maskCccd(r.cccd),
      state: r.state,
      heldVnd: Number(r.held),
      receivedVnd: Number(r.received),
      liquidatedOn: r.liquidated_on,
      refundDueOn: r.due_on,
      overdue: r.due_on !== null && r.due_on < on,
    })),
    page: pageBlock(q, total),
  };
}

/** Every row of the reconciliation, for the XLSX export (bounded: an agency's held deposits). */
export async function reconciliationAll(actor: Actor, show: ReconciliationQuery['show']) {
  const out: ReconciliationRow[] = [];
  for (let page = 1; page <= 400; page += 1) {
    const r = await reconciliation(actor, { show, page, pageSize: 500 });
    out.push(...r.data);
    if (r.data.length < 500) return { totals: r.totals, rows: out };
  }
  return { totals: (await reconciliation(actor, { show, page: 1, pageSize: 1 })).totals, rows: out };
}

/** A province officer's picture: per agency, the deposits held and the refunds overdue of the province's residents. */
export async function provinceSummary(actor: Actor) {
  if (actor.role !== 'admin' && !actor.provinceCode) throw new NotFoundError('Trang này dành cho cán bộ tỉnh');
  const on = today();
  const rows = await select<{
    agency_id: string;
    name: string;
    cases: number;
    held: string;
    overdue: number;
    overdue_vnd: string;
  }>(
    `SELECT b.agency_id, a.name, count(*)::int AS cases, sum(b.deposit_held_vnd) AS held,
            count(o.id) FILTER (WHERE o.due_on < $2)::int AS overdue,
            coalesce(sum(b.deposit_held_vnd) FILTER (WHERE o.due_on < $2), 0) AS overdue_vnd
     FROM ledger_balances b
     JOIN worker_directory w ON w.id = b.worker_id
     JOIN agency_directory a ON a.id = b.agency_id
     LEFT JOIN obligations o ON o.subject_type = 'case' AND o.subject_id = b.case_id AND o.kind = 'deposit_refund' AND o.status = 'open'
     WHERE b.deposit_held_vnd > 0 AND ($1::text IS NULL OR w.province_code = $1)
     GROUP BY b.agency_id, a.name ORDER BY overdue DESC, held DESC, a.name LIMIT 500`,
    [actor.role === 'admin' ? null : actor.provinceCode, on],
  );
  return rows.map((r) => ({
    agencyId: Number(r.agency_id),
    agencyName: r.name,
    cases: r.cases,
    heldVnd: Number(r.held),
    refundsOverdue: r.overdue,
    refundsOverdueVnd: Number(r.overdue_vnd),
  }));
}

// ---- the worker's cost-of-migration statement (portal "Tiền của tôi")
export interface StatementLine {
  label: string;
  paidVnd: number;
  /** the legal cap beside a capped item, null when the law sets none (costs at the statutory fee or actual cost) */
  capVnd: number | null;
  capText: string | null;
  over: boolean;
  overVnd: number;
  ruleId: string | null;
}

/**
 * What she paid, per case and category, with the cap the law sets beside each capped item (R7 service fee, R8
 * brokerage, R13 Fund), the deposit held and when it comes back (R11), and the State support received. The answer to
 * "did I pay more than the law allows?" is computed, not guessed: each capped line says within or over, by how much.
 */
export async function statementOf(workerId: number) {
  const cases = await select<{
    id: string;
    code: string;
    state: string;
    job_order_id: string;
    liquidated_on: string | null;
    employer_name: string | null;
    destination_country: string | null;
  }>(
    `SELECT p.id, p.code, p.state, p.job_order_id, p.liquidated_on, o.employer_name, o.destination_country
     FROM case_placements p JOIN job_order_terms o ON o.id = p.job_order_id
     WHERE p.worker_id = $1 ORDER BY p.id DESC LIMIT 20`,
    [workerId],
  );
  const out = [];
  for (const c of cases) {
    const b = await balancesOf(Number(c.id));
    const entries = await select<EntryRaw>(
      `SELECT ${ENTRY_COLUMNS}, (SELECT r.id FROM ledger_entries r WHERE r.reverses_id = e.id) AS reversed_by_id
       FROM ledger_entries e WHERE e.case_id = $1 ORDER BY e.occurred_on, e.id`,
      [c.id],
    );
    if (!entries.length && !['contract_signed', 'visa_processing', 'ready_to_depart', 'departed'].includes(c.state))
      continue;
    const terms = await orderMoneyTerms(Number(c.job_order_id), today());
    const [ext] = await select<{ n: string | null }>(
      'SELECT sum(fee_vnd) AS n FROM case_extension_fees WHERE case_id = $1',
      [c.id],
    );
    const feeCap = terms?.fee ? BigInt(terms.fee.allowedVnd) + BigInt(ext?.n ?? 0) : null;
    const feeNet = b.feePaid - b.feeRefunded;
    const fundDue = BigInt(
      ((await policiesAt(today())).get('fund.worker_contribution')?.value ?? '100000').split('.')[0],
    );
    const line = (
      label: string,
      paid: bigint,
      cap: bigint | null,
      capText: string | null,
      ruleId: string | null,
    ): StatementLine => ({
      label,
      paidVnd: Number(paid),
      capVnd: cap === null ? null : Number(cap),
      capText,
      over: cap !== null && paid > cap,
      overVnd: cap !== null && paid > cap ? Number(paid - cap) : 0,
      ruleId,
    });
    const live = entries.filter((e) => !e.reverses_id && !e.reversed_by_id);
    const byCategory = new Map<string, bigint>();
    for (const e of live.filter((x) => x.kind === 'other_cost_paid'))
      byCategory.set(e.category ?? 'other', (byCategory.get(e.category ?? 'other') ?? 0n) + BigInt(e.amount_vnd));
    const lines: StatementLine[] = [
      line(
        'Tiền dịch vụ',
        feeNet,
        feeCap,
        feeCap === null
          ? 'Chưa tính được mức trần (đơn hàng thiếu thông tin)'
          : 'Mức tối đa theo hợp đồng và thời hạn làm việc',
        'R7',
      ),
      line('Tiền môi giới', 0n, 0n, 'Người lao động không phải trả tiền môi giới', 'R8'),
      line(
        'Đóng Quỹ Hỗ trợ việc làm ngoài nước',
        b.fundPaid,
        fundDue,
        `${Number(fundDue).toLocaleString('vi-VN')} ₫ mỗi hợp đồng`,
        'R13',
      ),
      ...[...byCategory].map(([cat, v]) =>
        line(CATEGORY_LABELS[cat] ?? cat, v, null, 'Theo phí, lệ phí hoặc chi phí thực tế', null),
      ),
    ];
    const [refund] = (await obligationsOf({ type: 'case', id: Number(c.id) })).filter(
      (o) => o.kind === 'deposit_refund',
    );
    const heldNow = held(b);
    out.push({
      caseId: Number(c.id),
      code: c.code,
      employer: c.employer_name,
      country: c.destination_country,
      lines,
      paidTotalVnd: Number(feeNet + b.fundPaid + b.otherCosts),
      feeRefundedVnd: Number(b.feeRefunded + b.feeRefundInterest),
      deposit: {
        receivedVnd: Number(b.depositReceived),
        heldVnd: Number(heldNow),
        interestVnd: Number(b.depositInterest),
        deductedVnd: Number(b.depositDeducted),
        refundedVnd: Number(b.depositRefunded),
        capVnd: terms?.depositCap ? terms.depositCap.capVnd : null,
        comesBack: heldNow === 0n ? null : refund ? refund.dueOn : null,
        comesBackText:
          heldNow === 0n
            ? b.depositReceived > 0n
              ? 'Đã hoàn trả'
              : null
            : refund
              ? null
              : 'Sau khi thanh lý hợp đồng, cả gốc và lãi (R11)',
      },
      supportVnd: Number(b.support),
      over: lines.filter((l) => l.over),
      entries: live.map(toEntry),
    });
  }
  return out;
}

/** One entry in the actor's case scope, as a receipt prints it (the documents module's receipt template). */
export async function entryForReceipt(actor: Actor, entryId: number) {
  const [r] = await select<EntryRaw & { reversed_by_id: string | null }>(
    `SELECT ${ENTRY_COLUMNS}, (SELECT x.id FROM ledger_entries x WHERE x.reverses_id = e.id) AS reversed_by_id
     FROM ledger_entries e WHERE e.id = $1`,
    [entryId],
  );
  if (!r) throw new NotFoundError('Không tìm thấy khoản tiền');
  const c = await Case.findOne({ where: scoped(actor, 'case', { id: Number(r.case_id) }) });
  if (!c) throw new NotFoundError('Không tìm thấy khoản tiền');
  if (r.reverses_id || r.reversed_by_id)
    throw new ConflictError('Khoản này đã được điều chỉnh: không in biên nhận cho nó.');
  return { entry: toEntry(r), caseId: Number(c.id), agencyId: Number(c.agencyId), workerId: Number(c.workerId) };
}

/**
 * What the law allows on a case today, kind by kind, for the money tab: the verdicts that would refuse a first đồng
 * now (R6, R9, R10, R13 …), so a form the law forbids says why before anything is typed.
 */
export async function whatTheLawAllows(actor: Actor, caseId: number) {
  const c = await Case.findOne({ where: scoped(actor, 'case', { id: caseId }) });
  if (!c) throw new NotFoundError('Không tìm thấy hồ sơ');
  const f = await gatherFacts(actor, c.get({ plain: true }) as CaseRow, today());
  const kinds: EntryKind[] = ['deposit_received', 'service_fee_due', 'service_fee_paid', 'fund_contribution_paid'];
  return kinds.map((kind) => {
    // a first đồng, or for EPS what is missing of its one fixed deposit
    const eps = f.order.epsDeposit;
    const amount =
      kind === 'deposit_received' && eps && eps.amountVnd > f.balances.depositReceived
        ? eps.amountVnd - f.balances.depositReceived
        : 1n;
    const failing = checkEntry(f, {
      kind,
      amountVnd: amount,
      method: kind === 'deposit_received' ? 'blocked_account' : 'cash',
    }).filter((v) => !v.ok);
    return { kind, label: KIND_LABELS[kind], allowed: failing.length === 0, failing };
  });
}
