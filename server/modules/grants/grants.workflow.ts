// The grant application as a second workflow on the engine (ARCHITECTURE.md, Workflows): draft → submitted →
// certified → approved or rejected, or returned for correction and resubmitted. The processing deadline (R27, 10
// working days from a complete dossier) is an obligation whose clock stops while the dossier is back with the
// applicant. Approval re-checks eligibility, awards each item once (R26) and commits the amount against the
// province's budget, in the transition's transaction.
import Joi from '../../shared/joi';
import { select, execute } from '../../db/sql';
import { today, dateInVietnam } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { ConflictError, RulesViolatedError, ValidationError } from '../../shared/errors';
import { verdict, type Verdict } from '../../shared/rules';
import type { Guard, Workflow, StateDef } from '../../shared/workflow';
import type { ObligationSpec } from '../../shared/obligations';
import { policiesAt } from '../policies';
import { workingCalendar } from '../reference';
import { certifyHousehold } from '../workers';
import { recordSupportPayment } from '../money';
import { lockBudget, moveBudget } from './grants.budget';
import type { GrantApplication, GrantState } from './grants.model';
import { claimsOf, evaluate } from './grants.facts';
import { ITEM_LABELS } from './grants.rules';
import { PAYMENT_FIELDS } from './grants.schemas';

type Entity = GrantApplication['_attributes'] & { id: number; state: GrantState; version: number };

export const GRANT_STATE_TABLE: Record<GrantState, StateDef> = {
  draft: { label: 'Nháp', whoseMove: 'worker', terminal: false, portalVisible: true, portalText: 'Đề nghị chưa gửi.' },
  submitted: {
    label: 'Chờ xã xác nhận',
    whoseMove: 'commune',
    terminal: false,
    portalVisible: true,
    portalText: 'Ủy ban nhân dân xã đang xác nhận tình trạng hộ và hồ sơ của bạn.',
  },
  certified: {
    label: 'Chờ tỉnh phê duyệt',
    whoseMove: 'province',
    terminal: false,
    portalVisible: true,
    portalText: 'Xã đã xác nhận; Sở Nội vụ đang xem xét phê duyệt.',
  },
  returned: {
    label: 'Trả lại để bổ sung',
    whoseMove: 'worker',
    terminal: false,
    portalVisible: true,
    portalText: 'Hồ sơ được trả lại để bổ sung; thời hạn giải quyết tạm dừng cho tới khi gửi lại.',
  },
  approved: {
    label: 'Đã phê duyệt',
    whoseMove: 'province',
    terminal: false,
    portalVisible: true,
    portalText: 'Đề nghị hỗ trợ đã được phê duyệt bằng quyết định; tiền hỗ trợ sẽ được chi trả.',
  },
  rejected: {
    label: 'Không được hỗ trợ',
    whoseMove: 'none',
    terminal: true,
    portalVisible: true,
    portalText: 'Đề nghị không được phê duyệt; lý do ghi trong hồ sơ.',
  },
  paid: {
    label: 'Đã chi trả',
    whoseMove: 'province',
    terminal: false,
    portalVisible: true,
    portalText: 'Tiền hỗ trợ đã được chi trả cho bạn.',
  },
  closed: {
    label: 'Đã kết thúc',
    whoseMove: 'none',
    terminal: true,
    portalVisible: true,
    portalText: 'Hồ sơ hỗ trợ đã kết thúc (đã chi trả và quyết toán).',
  },
};

/**
 * What a decision settled for each application it approves or annuls (grants.decisions.ts passes it to the transition
 * as the engine's context, in the decision's transaction): the evaluation, the amount, the decision and the reason. An
 * approval or an annulment without one is refused: both happen only through a decision (issue 19).
 */
export interface DecisionPlan {
  decisionId: number;
  ev?: Awaited<ReturnType<typeof evaluate>>;
  amountVnd: bigint;
  reason?: string;
}
const planOf = (context: unknown): DecisionPlan => {
  if (!context || typeof (context as DecisionPlan).decisionId !== 'number')
    throw new ConflictError('Phê duyệt hoặc hủy phê duyệt chỉ thực hiện bằng một quyết định hỗ trợ', {
      reason: 'DECISION_REQUIRED',
    });
  return context as DecisionPlan;
};

const criteriaVerdicts = (
  keys: string[] | null,
  criteria: Awaited<ReturnType<typeof evaluate>>['criteria'],
): Verdict[] =>
  criteria
    .filter((c) => !keys || keys.includes(c.key))
    .map((c) => verdict(c.ruleId, c.ok, c.message, { key: c.key, evidence: c.evidence }));

const evaluationOf = async (e: Entity, on: string) =>
  evaluate({
    workerId: Number(e.workerId),
    caseId: Number(e.caseId),
    programme: e.programmeCode,
    provinceCode: e.provinceCode,
    on,
    claims: await claimsOf(Number(e.id)),
    applicationId: Number(e.id),
  });

/** A complete dossier: the worker, the case and the programme pass; at least one item is claimed (R27). */
const completeDossier: Guard<Entity> = {
  name: 'complete-dossier (R24, R27)',
  check: async ({ entity, date }) => {
    const ev = await evaluationOf(entity, date);
    return [
      ...criteriaVerdicts(['age', 'residence', 'area', 'case', 'programme'], ev.criteria),
      verdict(
        'R27',
        ev.claims.length > 0,
        ev.claims.length ? `${ev.claims.length} khoản đề nghị hỗ trợ.` : 'Chưa có khoản nào được đề nghị hỗ trợ.',
        { claims: ev.claims.length },
      ),
    ];
  },
};

/** Maker-checker: whoever submitted or certified the dossier does not approve it (R27). */
const makerChecker: Guard<Entity> = {
  name: 'maker-checker (R27)',
  check: ({ entity, actor }) => {
    const ok = actor.userId !== entity.submittedByUserId && actor.userId !== entity.certifiedByUserId;
    return [
      verdict(
        'R27',
        ok,
        ok
          ? 'Người phê duyệt khác người lập và người xác nhận hồ sơ.'
          : 'Người đã lập hoặc xác nhận hồ sơ không được tự phê duyệt.',
        { submittedBy: entity.submittedByUserId, certifiedBy: entity.certifiedByUserId },
      ),
    ];
  },
};

const reason = (label: string) => Joi.string().trim().min(5).max(1000).required().label(label);

/** The processing deadline from the events: working days from the complete dossier, the clock stopped while returned. */
async function processingObligation(e: Entity): Promise<ObligationSpec[]> {
  const policy = await policiesAt(today());
  const days = policy.get('grant.processing_days');
  if (!days || e.state === 'draft') return [];
  const calendar = await workingCalendar();
  const events = await select<{ action: string; at: Date }>(
    'SELECT action, at FROM grant_application_events WHERE grant_application_id = $1 ORDER BY id',
    [e.id],
  );
  let left = Number(days.value);
  let from: string | null = null;
  let decidedOn: string | null = null;
  for (const ev of events) {
    const on = dateInVietnam(new Date(ev.at));
    if (ev.action === 'submit' || ev.action === 'resubmit') from = on;
    else if (ev.action === 'return' && from) {
      left = Math.max(0, left - calendar.workingDaysBetween(from, on));
      from = null;
    } else if (ev.action === 'approve' || ev.action === 'reject') decidedOn = on;
  }
  const base = { kind: 'processing', ruleId: 'R27', policyId: days.id };
  if (e.state === 'returned')
    return [
      {
        ...base,
        dueOn: calendar.addWorkingDays(today(), left),
        whoseMove: 'worker',
        status: 'paused',
        pausedDaysLeft: left,
      },
    ];
  const dueOn = calendar.addWorkingDays(from ?? today(), left);
  if (decidedOn) return [{ ...base, dueOn, whoseMove: 'province', status: 'met', metOn: decidedOn }];
  return [{ ...base, dueOn, whoseMove: e.state === 'submitted' ? 'commune' : 'province', status: 'open' }];
}

export const grantWorkflow: Workflow<Entity, GrantState> = {
  name: 'Đề nghị hỗ trợ đi làm việc ở nước ngoài',
  states: GRANT_STATE_TABLE,
  obligations: {
    subjectType: 'grant_application',
    compute: async ({ entity }) => ({
      specs: await processingObligation(entity as Entity),
      scope: { agencyId: Number(entity.agencyId), provinceCode: entity.provinceCode, communeCode: entity.communeCode },
    }),
  },
  transitions: [
    {
      action: 'submit',
      label: 'Gửi đề nghị',
      from: ['draft'],
      to: 'submitted',
      permission: 'grants:apply',
      guards: [completeDossier],
      apply: ({ actor }) => ({ submittedByUserId: actor.userId, submittedOn: today() }),
    },
    {
      action: 'certify',
      label: 'Xác nhận (xã)',
      from: ['submitted'],
      to: 'certified',
      permission: 'grants:certify',
      guards: [],
      input: Joi.object({
        householdStatus: Joi.string()
          .valid('poor', 'near_poor', 'escaped_poverty', 'none')
          .required()
          .label('Tình trạng hộ năm nay')
          .meta({
            labels: {
              poor: 'Hộ nghèo',
              near_poor: 'Hộ cận nghèo',
              escaped_poverty: 'Hộ mới thoát nghèo',
              none: 'Không thuộc diện nào',
            },
          }),
        cvChecked: Joi.boolean().valid(true).required().label('Đã kiểm tra lý lịch và hồ sơ của người lao động'),
      }),
      confirm: 'Xã xác nhận tình trạng hộ và hồ sơ của người lao động; tỉnh sẽ xét phê duyệt.',
      apply: async ({ entity, input, actor, date }) => {
        // the commune's word on the household, this year, then the whole eligibility again (R24, R27)
        await certifyHousehold(
          actor,
          Number(entity.workerId),
          input.householdStatus as never,
          Number(date.slice(0, 4)),
        );
        const ev = await evaluationOf(entity, date);
        const failing = criteriaVerdicts(null, ev.criteria).filter((v) => !v.ok);
        if (failing.length) throw new RulesViolatedError(failing, 'Chưa đủ điều kiện để xác nhận');
        await saveAmounts(Number(entity.id), ev);
        return {
          certifiedByUserId: actor.userId,
          certifiedOn: date,
          beneficiaryGroup: ev.group!.group,
          eligibility: ev.criteria,
          allowedVnd: String(ev.allowedVnd),
        };
      },
    },
    {
      action: 'return',
      label: 'Trả lại để bổ sung',
      from: ['submitted', 'certified'],
      to: 'returned',
      permission: 'grants:return',
      guards: [],
      input: Joi.object({ reason: reason('Cần bổ sung gì') }),
      apply: ({ input }) => ({ returnReason: input.reason }),
    },
    {
      action: 'resubmit',
      label: 'Gửi lại',
      from: ['returned'],
      to: 'submitted',
      permission: 'grants:apply',
      guards: [completeDossier],
      apply: () => ({ returnReason: null }),
    },
    {
      action: 'approve',
      label: 'Phê duyệt',
      from: ['certified'],
      to: 'approved',
      permission: 'grants:decide',
      guards: [makerChecker],
      input: Joi.object({
        source: Joi.string()
          .valid('central', 'local')
          .default('central')
          .label('Nguồn kinh phí')
          .meta({ labels: { central: 'Ngân sách trung ương', local: 'Ngân sách địa phương' } }),
      }),
      confirm:
        'Phê duyệt hỗ trợ bằng quyết định: số tiền được ghi cam kết vào dự toán của tỉnh và mỗi khoản chỉ được hỗ trợ một lần.',
      apply: async ({ entity, input, actor, date, context }) => {
        // the decision checked eligibility (R24–R26) and the budget for the whole list, under these rows' locks
        const plan = planOf(context);
        const ev = plan.ev!;
        // once per item per person, wherever (R26): the unique key refuses a second award even when two provinces race
        // (one statement for the application's items: a decision of 500 writes 500, not 1,235)
        const awarded = ev.claims.filter((x) => x.allowedVnd > 0n);
        const inserted = await select<{ item: string }>(
          `INSERT INTO grant_item_awards (worker_id, item, grant_application_id, amount_vnd, awarded_on)
           SELECT $1, i, $2, a, $3 FROM unnest($4::text[], $5::bigint[]) AS x(i, a)
           ON CONFLICT (worker_id, item) DO NOTHING RETURNING item`,
          [entity.workerId, entity.id, date, awarded.map((c) => c.item), awarded.map((c) => String(c.allowedVnd))],
        );
        const taken = awarded.find((c) => !inserted.some((r) => r.item === c.item));
        if (taken)
          throw new RulesViolatedError([
            verdict('R26', false, `${ITEM_LABELS[taken.item]} đã được hỗ trợ cho người này (mỗi khoản một lần).`, {
              item: taken.item,
              applicationId: Number(entity.id),
            }),
          ]);
        await saveAmounts(Number(entity.id), ev);
        return {
          decidedByUserId: actor.userId,
          decidedOn: date,
          approvedVnd: String(plan.amountVnd),
          allowedVnd: String(plan.amountVnd),
          fiscalYear: Number(date.slice(0, 4)),
          fundingSource: String(input.source) as 'central' | 'local',
          eligibility: ev.criteria,
          decisionId: plan.decisionId,
        };
      },
    },
    {
      action: 'annul',
      label: 'Hủy phê duyệt (đính chính quyết định)',
      from: ['approved'],
      to: 'rejected',
      permission: 'grants:decide',
      guards: [],
      apply: async ({ entity, actor, date, context }) => {
        // only through a correcting decision: the award is undone (the item may be supported later) and the
        // commitment released by the decision, for the whole list at once
        const plan = planOf(context);
        await execute('DELETE FROM grant_item_awards WHERE grant_application_id = $1', [entity.id]);
        return {
          rejectReason: `Đính chính quyết định: ${plan.reason ?? ''}`.slice(0, 1000),
          decidedByUserId: actor.userId,
          decidedOn: date,
        };
      },
    },
    {
      action: 'pay',
      label: 'Ghi nhận đã chi trả',
      from: ['approved'],
      to: 'paid',
      permission: 'grants:pay',
      guards: [],
      input: Joi.object(PAYMENT_FIELDS),
      confirm:
        'Ghi nhận đã chi trả: khoản hỗ trợ vào sổ tiền của người lao động và chuyển từ «đã cam kết» sang «đã chi».',
      decisionDate: (input) => String(input.paidOn),
      apply: async ({ entity, input, actor }) => {
        const paidOn = String(input.paidOn);
        if (entity.decidedOn && paidOn < entity.decidedOn)
          throw new ValidationError([
            {
              path: 'paidOn',
              message: `Ngày chi trả không được trước ngày phê duyệt (${formatDateVi(entity.decidedOn)})`,
            },
          ]);
        const amount = BigInt(entity.approvedVnd!);
        // the worker's ledger: State support received (the statement shows it)
        const [d] = await select<{ number_text: string | null }>(
          `SELECT doc.number_text FROM grant_decisions g LEFT JOIN document_register doc ON doc.id = g.document_id WHERE g.id = $1`,
          [entity.decisionId],
        );
        const entry = await recordSupportPayment(
          actor,
          Number(entity.caseId),
          {
            amountVnd: amount,
            paidOn,
            method: input.method as 'cash' | 'bank_transfer',
            reference: String(input.reference),
            payer: 'Ngân sách nhà nước (hỗ trợ đi làm việc ở nước ngoài)',
            note: `Hỗ trợ theo quyết định ${d?.number_text ?? ''} (đề nghị #${entity.id})`.trim(),
          },
          `grant-paid-${entity.id}`,
        );
        // committed → paid in the budget of the approval, with its dated movement
        const b = await lockBudget({
          provinceCode: entity.provinceCode,
          fiscalYear: entity.fiscalYear!,
          programme: entity.programmeCode,
          source: entity.fundingSource!,
        });
        if (!b) throw new ConflictError('Không tìm thấy dự toán của khoản hỗ trợ đã phê duyệt');
        await moveBudget(b.id, paidOn, entity.decisionId ?? null, [
          { kind: 'pay', applicationId: Number(entity.id), amountVnd: amount },
        ]);
        return {
          paidVnd: String(amount),
          paidOn,
          paymentMethod: input.method as 'cash' | 'bank_transfer',
          paymentReference: String(input.reference),
          ledgerEntryId: entry.id,
          paidByUserId: actor.userId,
        };
      },
    },
    {
      action: 'close',
      label: 'Kết thúc hồ sơ',
      from: ['paid'],
      to: 'closed',
      permission: 'grants:pay',
      guards: [],
      confirm: 'Kết thúc hồ sơ hỗ trợ: đã chi trả đủ và quyết toán xong.',
    },
    {
      action: 'reject',
      label: 'Không phê duyệt',
      from: ['submitted', 'certified'],
      to: 'rejected',
      permission: 'grants:decide',
      guards: [],
      input: Joi.object({ reason: reason('Lý do') }),
      confirm: 'Đề nghị kết thúc ở bước «Không được hỗ trợ»; người lao động được báo lý do.',
      apply: ({ input, actor, date }) => ({
        rejectReason: input.reason,
        decidedByUserId: actor.userId,
        decidedOn: date,
      }),
    },
  ],
  events: { table: 'grant_application_events', foreignKey: 'grant_application_id' },
};

/** The computed amounts written beside each claim, with their arithmetic. */
export async function saveAmounts(applicationId: number, ev: Awaited<ReturnType<typeof evaluate>>): Promise<void> {
  if (!ev.claims.length) return;
  // one statement for all the claims (the arithmetic's lines travel as JSON arrays)
  await execute(
    `UPDATE grant_claims c SET allowed_vnd = x.a, arithmetic = ARRAY(SELECT jsonb_array_elements_text(x.t))
     FROM unnest($2::text[], $3::bigint[], $4::jsonb[]) AS x(i, a, t)
     WHERE c.grant_application_id = $1 AND c.item = x.i AND (c.allowed_vnd, c.arithmetic) IS DISTINCT FROM (x.a, ARRAY(SELECT jsonb_array_elements_text(x.t)))`,
    [
      applicationId,
      ev.claims.map((c) => c.item),
      ev.claims.map((c) => String(c.allowedVnd)),
      ev.claims.map((c) => JSON.stringify(c.arithmetic)),
    ],
  );
}
