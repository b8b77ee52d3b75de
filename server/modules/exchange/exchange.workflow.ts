// Two workflows on the engine (ARCHITECTURE.md, Workflows):
// - a vacancy (Mẫu 03a): open → filled when its number to hire is reached, or closed (by hand, or by the nightly job
//   at its recruitment deadline, E5); its obligation warns the centre a week before the deadline;
// - a referral: introduced → interviewed → hired | not hired | withdrawn. Hired is a signed contract (E2), a Mẫu 04
//   row; it owes a follow-up (E3) and an entry on the National Job Exchange (E4), both obligations.
// Hires never exceed the number to hire: the hire locks the vacancy's row before it counts (the race for the last
// place has one winner), and the database CHECK says the same.
import Joi from '../../shared/joi';
import { execute, select } from '../../db/sql';
import { now, today } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { ValidationError } from '../../shared/errors';
import { isoDate } from '../../shared/schemas';
import { verdict, type Verdict } from '../../shared/rules';
import { syncObligations, type ObligationSpec } from '../../shared/obligations';
import type { Guard, StateDef, Workflow } from '../../shared/workflow';
import { WAGE_CODE_LABELS } from '../../shared/labour-scales';
import { policiesAt } from '../policies';
import { workingCalendar } from '../reference';
import { CONTRACT_TYPES, CONTRACT_TYPE_LABELS } from './exchange.labels';
import { Vacancy, type Referral, type ReferralState, type VacancyState } from './exchange.model';
import { followUpDue, njeReportDue } from './exchange.rules';

type VacancyEntity = Vacancy['_attributes'] & { id: number; state: VacancyState; version: number };
type ReferralEntity = Referral['_attributes'] & { id: number; state: ReferralState; version: number };

export const VACANCY_STATE_TABLE: Record<VacancyState, StateDef> = {
  open: { label: 'Đang tuyển', whoseMove: 'agency', terminal: false, portalVisible: true },
  filled: { label: 'Đã tuyển đủ', whoseMove: 'none', terminal: true, portalVisible: true },
  closed: { label: 'Đã đóng', whoseMove: 'none', terminal: true, portalVisible: true },
};

/** Actions the system takes (a hire filling the last place, the nightly deadline close): never offered on a page. */
export const SYSTEM_ACTIONS = new Set(['fill']);

async function centreProvince(centreId: number): Promise<string | null> {
  const [c] = await select<{ province_code: string | null }>(
    'SELECT province_code FROM agency_licences WHERE id = $1',
    [centreId],
  );
  return c?.province_code ?? null;
}

/** E5: the deadline warns a week before (the alert's lead); met when the vacancy is filled or closed. */
function vacancyObligations(v: VacancyEntity): ObligationSpec[] {
  const base = { kind: 'vacancy_deadline', ruleId: 'E5', dueOn: v.deadline, whoseMove: 'agency' as const };
  if (v.state === 'open') return [{ ...base, status: 'open' }];
  return [{ ...base, status: 'met', metOn: v.closedOn ?? today() }];
}

const full: Guard<VacancyEntity> = {
  name: 'number to hire reached (E5)',
  check: ({ entity }) => [
    verdict(
      'E5',
      entity.hiredCount >= entity.numberToHire,
      entity.hiredCount >= entity.numberToHire
        ? `Đã tuyển đủ ${entity.numberToHire} người.`
        : `Mới tuyển ${entity.hiredCount}/${entity.numberToHire} người.`,
      { hired: entity.hiredCount, numberToHire: entity.numberToHire },
    ),
  ],
};

export const vacancyWorkflow: Workflow<VacancyEntity, VacancyState> = {
  name: 'Việc làm trống',
  states: VACANCY_STATE_TABLE,
  events: { table: 'vacancy_events', foreignKey: 'vacancy_id' },
  obligations: {
    subjectType: 'vacancy',
    compute: async ({ entity }) => ({
      specs: vacancyObligations(entity as VacancyEntity),
      scope: {
        agencyId: Number(entity.centreId),
        provinceCode: await centreProvince(Number(entity.centreId)),
        communeCode: null,
      },
    }),
  },
  transitions: [
    {
      action: 'close',
      label: 'Đóng việc làm (ngừng tuyển)',
      from: ['open'],
      to: 'closed',
      permission: 'exchange:transition',
      guards: [],
      input: Joi.object({ reason: Joi.string().trim().min(5).max(500).required().label('Lý do đóng') }),
      confirm: 'Việc làm sẽ ngừng tuyển: không còn được ghép nối và giới thiệu thêm người.',
      apply: () => ({ closedOn: today() }),
    },
    {
      action: 'fill',
      label: 'Đã tuyển đủ',
      from: ['open'],
      to: 'filled',
      permission: 'exchange:transition',
      guards: [full],
      apply: () => ({ closedOn: today() }),
    },
  ],
};

/**
 * E5 by the nightly job: a vacancy whose recruitment deadline has passed closes, under its row lock, with an event by
 * nobody (the system) and its obligation met. Returns whether it closed.
 */
export async function expireVacancy(id: number, on: string): Promise<boolean> {
  const [v] = await select<{ id: string; state: string; version: number; deadline: string; centre_id: string }>(
    'SELECT id, state, version, deadline, centre_id FROM vacancies WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!v || v.state !== 'open' || v.deadline >= on) return false;
  await execute(
    `UPDATE vacancies SET state = 'closed', closed_on = $2, version = version + 1, whose_move = 'none',
            next_deadline_on = NULL, next_deadline_rule = NULL, updated_at = now() WHERE id = $1`,
    [id, on],
  );
  await execute(
    `INSERT INTO vacancy_events (vacancy_id, at, actor_user_id, action, from_state, to_state, input, verdicts)
     VALUES ($1, $2, NULL, 'expire', 'open', 'closed', $3, $4)`,
    [
      id,
      now(),
      JSON.stringify({ deadline: v.deadline }),
      JSON.stringify([verdict('E5', true, `Đến hạn tuyển dụng ${formatDateVi(v.deadline)}: việc làm tự đóng.`)]),
    ],
  );
  await syncObligations(
    { type: 'vacancy', id },
    [{ kind: 'vacancy_deadline', ruleId: 'E5', dueOn: v.deadline, whoseMove: 'agency', status: 'met', metOn: on }],
    { agencyId: Number(v.centre_id), provinceCode: await centreProvince(Number(v.centre_id)), communeCode: null },
  );
  return true;
}

export const REFERRAL_STATE_TABLE: Record<ReferralState, StateDef> = {
  introduced: {
    label: 'Đã giới thiệu',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Trung tâm đã giới thiệu bạn với nhà tuyển dụng; nhà tuyển dụng sẽ hẹn phỏng vấn.',
  },
  interviewed: {
    label: 'Đã phỏng vấn',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Bạn đã phỏng vấn; trung tâm đang chờ nhà tuyển dụng báo kết quả.',
  },
  hired: {
    label: 'Đã được tuyển',
    whoseMove: 'agency',
    terminal: false,
    portalVisible: true,
    portalText: 'Bạn đã ký hợp đồng lao động. Trung tâm sẽ hỏi thăm bạn sau khi bắt đầu làm việc.',
  },
  not_hired: {
    label: 'Không được tuyển',
    whoseMove: 'none',
    terminal: true,
    portalVisible: true,
    portalText: 'Nhà tuyển dụng chưa nhận bạn lần này; trung tâm sẽ tiếp tục giới thiệu việc làm phù hợp.',
  },
  withdrawn: {
    label: 'Đã rút',
    whoseMove: 'none',
    terminal: true,
    portalVisible: true,
    portalText: 'Giới thiệu này đã dừng.',
  },
};

/** E1: a job seeker whose consent was withdrawn is not introduced, interviewed or hired through the centre. */
const consentActive: Guard<ReferralEntity> = {
  name: 'consent active (E1)',
  check: async ({ entity }) => {
    const [s] = await select<{ status: string }>('SELECT status FROM job_seekers WHERE id = $1', [entity.jobSeekerId]);
    const ok = s?.status !== 'withdrawn';
    return [
      verdict(
        'E1',
        ok,
        ok
          ? 'Người tìm việc đồng ý cho trung tâm sử dụng dữ liệu để giới thiệu việc làm.'
          : 'Người tìm việc đã rút lại sự đồng ý: không tiếp tục giới thiệu.',
      ),
    ];
  },
};

/** The vacancy has a place left, counted under its row lock (the last place goes to one hire only). */
const placeLeft: Guard<ReferralEntity> = {
  name: 'a place left (E5)',
  needsInput: true,
  rules: ['E5'],
  lock: async ({ entity, input, transaction }) => {
    if (entity.vacancyId && input.elsewhere !== true)
      await Vacancy.findByPk(entity.vacancyId, { transaction, lock: transaction.LOCK.UPDATE });
  },
  check: async ({ entity, input }) => {
    if (!entity.vacancyId || input.elsewhere === true) return [];
    const [v] = await select<{ state: string; number_to_hire: number; hired_count: number }>(
      'SELECT state, number_to_hire, hired_count FROM vacancies WHERE id = $1',
      [entity.vacancyId],
    );
    const left = v ? v.number_to_hire - v.hired_count : 0;
    const ok = Boolean(v) && v.state === 'open' && left > 0;
    return [
      verdict(
        'E5',
        ok,
        ok
          ? `Việc làm còn ${left} chỗ.`
          : v?.state === 'open'
            ? `Việc làm đã tuyển đủ ${v.number_to_hire} người: không ghi nhận thêm người được tuyển.`
            : 'Việc làm đã đóng hoặc đã tuyển đủ.',
        { numberToHire: v?.number_to_hire, hired: v?.hired_count },
      ),
    ];
  },
};

/** E2: the contract is signed on or before today, starts on or after signing, and the employer has notified. */
const contractSigned: Guard<ReferralEntity> = {
  name: 'a signed labour contract (E2)',
  needsInput: true,
  rules: ['E2'],
  check: ({ input }) => {
    const signed = String(input.signedOn ?? '');
    const start = String(input.startOn ?? '');
    const out: Verdict[] = [];
    out.push(
      verdict(
        'E2',
        Boolean(signed) && signed <= today(),
        signed ? `Hợp đồng lao động ký ngày ${formatDateVi(signed)}.` : 'Chưa có ngày ký hợp đồng lao động.',
      ),
    );
    if (signed && start && start < signed)
      out.push(verdict('E2', false, 'Ngày bắt đầu làm việc không được trước ngày ký hợp đồng.'));
    return out;
  },
};

/**
 * Decree 352 Art 7.1.b: an overseas referral follows the sending organisation's case (exchange.handoff.ts), never the
 * centre's hand; the centre may withdraw it only while the organisation has not yet accepted it.
 */
const followsItsCase = (action: 'move' | 'withdraw'): Guard<ReferralEntity> => ({
  name: 'an overseas referral follows its case (E2)',
  check: async ({ entity }) => {
    const [r] = await select<{ job_order_id: string | null; case_id: string | null }>(
      'SELECT job_order_id, case_id FROM referrals WHERE id = $1',
      [entity.id],
    );
    if (!r?.job_order_id) return [];
    if (action === 'withdraw' && r.case_id === null) return [];
    return [
      verdict(
        'E2',
        false,
        action === 'withdraw'
          ? 'Doanh nghiệp đưa đi đã tiếp nhận và lập hồ sơ: giới thiệu theo hồ sơ của doanh nghiệp, trung tâm không rút được.'
          : 'Giới thiệu đi làm việc ở nước ngoài tự cập nhật theo hồ sơ của doanh nghiệp đưa đi (trúng tuyển, ký hợp đồng, rút hoặc không đạt).',
      ),
    ];
  },
});

const hireInput = Joi.object({
  contractType: Joi.string()
    .valid(...CONTRACT_TYPES)
    .required()
    .label('Loại hợp đồng lao động')
    .meta({ labels: CONTRACT_TYPE_LABELS }),
  signedOn: isoDate({ max: 'today' }).required().label('Ngày ký hợp đồng'),
  startOn: isoDate().required().label('Ngày bắt đầu làm việc thực tế'),
  contractEndOn: isoDate().label('Ngày hết hạn hợp đồng (nếu có)'),
  position: Joi.string().trim().max(200).required().label('Vị trí việc làm'),
  wageCode: Joi.number().integer().min(1).max(5).required().label('Mức lương tháng').meta({ labels: WAGE_CODE_LABELS }),
  notifiedOn: isoDate({ max: 'today' }).required().label('Ngày người sử dụng lao động thông báo kết quả'),
  elsewhere: Joi.boolean()
    .label('Được tuyển ở nơi khác (không phải việc làm được giới thiệu)')
    .description(
      'Khi đánh dấu: điền tên, mã số và ngành của người sử dụng lao động ở các mục «khi tuyển ở nơi khác» bên dưới',
    ),
  employerName: Joi.string()
    .trim()
    .max(300)
    .label('Tên người sử dụng lao động (khi tuyển ở nơi khác)')
    .when('elsewhere', { is: true, then: Joi.required() }),
  employerEnterpriseCode: Joi.string()
    .trim()
    .pattern(/^[0-9]{10}(-[0-9]{3})?$/, 'mã số doanh nghiệp hoặc mã số thuế (10 hoặc 13 chữ số)')
    .label('Mã số doanh nghiệp / mã số thuế (khi tuyển ở nơi khác)'),
  employerPersonalId: Joi.string()
    .trim()
    .pattern(/^[0-9]{12}$/, 'số định danh cá nhân 12 chữ số')
    .label('Số định danh cá nhân của người sử dụng lao động (khi là cá nhân)'),
  employerSectorCode: Joi.string()
    .pattern(/^[A-U]$/, 'ngành kinh tế (A–U)')
    .label('Ngành kinh tế chính (A–U, khi tuyển ở nơi khác)'),
  employerAddress: Joi.string().trim().max(300).label('Địa chỉ người sử dụng lao động (khi tuyển ở nơi khác)'),
});

/** The employer's facts of a hire: the vacancy's employer, or the one typed when the person was hired elsewhere. */
async function hireEmployer(entity: ReferralEntity, input: Record<string, unknown>) {
  if (input.elsewhere === true || !entity.vacancyId) {
    if (!input.employerName || (!input.employerEnterpriseCode && !input.employerPersonalId))
      throw new ValidationError([
        {
          path: 'employerEnterpriseCode',
          message: 'Khi được tuyển ở nơi khác: cần tên và mã số doanh nghiệp, mã số thuế hoặc số định danh cá nhân',
        },
      ]);
    return {
      employerName: String(input.employerName),
      employerEnterpriseCode: (input.employerEnterpriseCode as string | undefined) ?? null,
      employerPersonalId: (input.employerPersonalId as string | undefined) ?? null,
      employerSectorCode: (input.employerSectorCode as string | undefined) ?? null,
      employerAddress: (input.employerAddress as string | undefined) ?? null,
    };
  }
  const [e] = await select<{
    name: string;
    enterprise_code: string | null;
    personal_id: string | null;
    sector_code: string;
    address: string;
  }>(
    `SELECT e.name, e.enterprise_code, e.personal_id, e.sector_code, e.address
     FROM vacancies v JOIN employers e ON e.id = v.employer_id WHERE v.id = $1`,
    [entity.vacancyId],
  );
  return {
    employerName: e.name,
    employerEnterpriseCode: e.enterprise_code,
    employerPersonalId: e.personal_id,
    employerSectorCode: e.sector_code,
    employerAddress: e.address,
  };
}

/** A hire through the vacancy takes its place; the last place fills it (an event of its own, obligations met). */
async function takePlace(vacancyId: number, actorUserId: number): Promise<void> {
  const [v] = await select<{ hired_count: number; number_to_hire: number; version: number; deadline: string }>(
    `UPDATE vacancies SET hired_count = hired_count + 1, updated_at = now() WHERE id = $1
     RETURNING hired_count, number_to_hire, version, deadline`,
    [vacancyId],
  );
  if (v.hired_count < v.number_to_hire) return;
  const on = today();
  await execute(
    `UPDATE vacancies SET state = 'filled', closed_on = $2, version = version + 1, whose_move = 'none',
            next_deadline_on = NULL, next_deadline_rule = NULL WHERE id = $1`,
    [vacancyId, on],
  );
  await execute(
    `INSERT INTO vacancy_events (vacancy_id, at, actor_user_id, action, from_state, to_state, input, verdicts)
     VALUES ($1, $2, $3, 'fill', 'open', 'filled', '{}', $4)`,
    [
      vacancyId,
      now(),
      actorUserId,
      JSON.stringify([verdict('E5', true, `Đã tuyển đủ ${v.number_to_hire} người: việc làm đóng.`)]),
    ],
  );
  const [c] = await select<{ centre_id: string }>('SELECT centre_id FROM vacancies WHERE id = $1', [vacancyId]);
  await syncObligations(
    { type: 'vacancy', id: vacancyId },
    [{ kind: 'vacancy_deadline', ruleId: 'E5', dueOn: v.deadline, whoseMove: 'agency', status: 'met', metOn: on }],
    { agencyId: Number(c.centre_id), provinceCode: await centreProvince(Number(c.centre_id)), communeCode: null },
  );
}

/** E3 and E4 of a hire, from its dates and the policy versions in force (the follow-up's at the start date). */
export async function referralObligations(r: ReferralEntity): Promise<ObligationSpec[]> {
  if (r.state !== 'hired' || !r.startOn || !r.notifiedOn) return [];
  const out: ObligationSpec[] = [];
  const months = (await policiesAt(r.startOn)).get('exchange.follow_up_months');
  if (months) {
    const dueOn = followUpDue(r.startOn, r.contractEndOn ?? null, Number(months.value));
    out.push({
      kind: 'follow_up',
      ruleId: 'E3',
      dueOn,
      whoseMove: 'agency',
      policyId: months.id,
      ...(r.followUpOn ? { status: 'met' as const, metOn: r.followUpOn } : { status: 'open' as const }),
    });
  }
  const days = (await policiesAt(r.notifiedOn)).get('exchange.nje_report_days');
  if (days) {
    const dueOn = njeReportDue(r.notifiedOn, Number(days.value), await workingCalendar());
    out.push({
      kind: 'nje_report',
      ruleId: 'E4',
      dueOn,
      whoseMove: 'agency',
      policyId: days.id,
      ...(r.njeEnteredOn ? { status: 'met' as const, metOn: r.njeEnteredOn } : { status: 'open' as const }),
    });
  }
  return out;
}

const reason = (label: string) => Joi.string().trim().min(5).max(500).required().label(label);

export const referralWorkflow: Workflow<ReferralEntity, ReferralState> = {
  name: 'Giới thiệu việc làm',
  states: REFERRAL_STATE_TABLE,
  events: { table: 'referral_events', foreignKey: 'referral_id' },
  uniqueConflictMessage: 'Người này đã được giới thiệu vào việc làm này',
  obligations: {
    subjectType: 'referral',
    compute: async ({ entity }) => ({
      specs: await referralObligations(entity as ReferralEntity),
      scope: {
        agencyId: Number(entity.centreId),
        provinceCode: await centreProvince(Number(entity.centreId)),
        communeCode: null,
      },
    }),
  },
  transitions: [
    {
      action: 'interview',
      label: 'Ghi nhận đã phỏng vấn',
      from: ['introduced'],
      to: 'interviewed',
      permission: 'exchange:transition',
      guards: [consentActive, followsItsCase('move')],
      input: Joi.object({ interviewedOn: isoDate({ max: 'today' }).required().label('Ngày phỏng vấn') }),
    },
    {
      action: 'hire',
      label: 'Ghi nhận được tuyển (đã ký hợp đồng lao động)',
      from: ['introduced', 'interviewed'],
      to: 'hired',
      permission: 'exchange:transition',
      guards: [consentActive, contractSigned, placeLeft, followsItsCase('move')],
      input: hireInput,
      confirm:
        'Ghi nhận kết nối việc làm thành công (Mẫu 04): người lao động đã ký hợp đồng; việc làm giảm một chỗ; phát sinh nghĩa vụ theo dõi và cập nhật lên Sàn giao dịch việc làm quốc gia.',
      apply: async ({ entity, input, actor }) => {
        const end = input.contractEndOn as string | undefined;
        if (end && end <= String(input.startOn))
          throw new ValidationError([
            { path: 'contractEndOn', message: 'Ngày hết hạn hợp đồng phải sau ngày bắt đầu làm việc' },
          ]);
        const employer = await hireEmployer(entity, input);
        if (entity.vacancyId && input.elsewhere !== true) await takePlace(Number(entity.vacancyId), actor.userId);
        // placed: no longer looking for work (a new search is a new registration, with its date)
        await execute(
          "UPDATE job_seekers SET status = 'inactive', version = version + 1, updated_at = now() WHERE id = $1 AND status = 'active'",
          [entity.jobSeekerId],
        );
        return {
          contractType: input.contractType as string,
          signedOn: input.signedOn as string,
          startOn: input.startOn as string,
          contractEndOn: end ?? null,
          position: input.position as string,
          wageCode: Number(input.wageCode),
          notifiedOn: input.notifiedOn as string,
          ...employer,
        };
      },
    },
    {
      action: 'not_hired',
      label: 'Không được tuyển',
      from: ['introduced', 'interviewed'],
      to: 'not_hired',
      permission: 'exchange:transition',
      guards: [followsItsCase('move')],
      input: Joi.object({ reason: reason('Lý do (nhà tuyển dụng báo)') }),
    },
    {
      action: 'withdraw',
      label: 'Rút giới thiệu',
      from: ['introduced', 'interviewed'],
      to: 'withdrawn',
      permission: 'exchange:transition',
      guards: [followsItsCase('withdraw')],
      input: Joi.object({ reason: reason('Lý do rút') }),
      confirm: 'Giới thiệu dừng lại; người tìm việc vẫn được ghép nối với việc làm khác.',
    },
    {
      action: 'record_follow_up',
      label: 'Ghi kết quả theo dõi sau tuyển dụng',
      from: ['hired'],
      to: 'hired',
      permission: 'exchange:transition',
      guards: [],
      input: Joi.object({
        followUpOn: isoDate({ max: 'today' }).required().label('Ngày theo dõi'),
        stillEmployed: Joi.string()
          .valid('yes', 'no')
          .required()
          .label('Người lao động còn làm việc')
          .meta({ labels: { yes: 'Còn làm việc', no: 'Đã nghỉ việc' } }),
      }),
      apply: ({ entity, input }) => {
        if (entity.startOn && String(input.followUpOn) < entity.startOn)
          throw new ValidationError([
            { path: 'followUpOn', message: 'Ngày theo dõi không được trước ngày bắt đầu làm việc' },
          ]);
        return { followUpOn: input.followUpOn as string, stillEmployed: input.stillEmployed === 'yes' };
      },
    },
    {
      action: 'record_nje',
      label: 'Ghi nhận đã cập nhật lên Sàn giao dịch việc làm quốc gia',
      from: ['hired'],
      to: 'hired',
      permission: 'exchange:transition',
      guards: [],
      input: Joi.object({
        njeEnteredOn: isoDate({ max: 'today' }).required().label('Ngày cập nhật lên Sàn'),
        njeReference: Joi.string().trim().min(2).max(100).required().label('Số tham chiếu trên Sàn'),
      }),
      apply: ({ entity, input }) => {
        if (entity.notifiedOn && String(input.njeEnteredOn) < entity.notifiedOn)
          throw new ValidationError([
            { path: 'njeEnteredOn', message: 'Ngày cập nhật không được trước ngày nhà tuyển dụng thông báo kết quả' },
          ]);
        return { njeEnteredOn: input.njeEnteredOn as string, njeReference: input.njeReference as string };
      },
    },
  ],
};
