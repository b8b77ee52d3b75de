// The job exchange as pure functions (no I/O): the Mẫu 04 wage code, the match of a job seeker and a vacancy with its
// reasons (hard requirements first, then the house points), and the two dates a hire owes (E3 follow-up, E4 report).
// The SQL that ranks thousands of candidates (exchange.matching.ts) computes the same points; a test holds the two
// to the same worked example.
import { addMonths, formatDateVi } from '../../shared/dates';
import {
  GENERAL_EDUCATION,
  GENERAL_EDUCATION_LABELS,
  TECHNICAL_LEVELS,
  TECHNICAL_LEVEL_LABELS,
  rankOf,
  type GeneralEducation,
  type TechnicalLevel,
} from '../../shared/labour-scales';
import type { WorkingCalendar } from '../../shared/working-days';
import { LANGUAGE_LABELS, PRIORITY_GROUP_LABELS } from './exchange.labels';

/** Mẫu 04 wage code of a monthly amount: 1 under 5 million, 2 up to 10, 3 up to 20, 4 up to 50, 5 above. */
export function wageCodeOf(monthlyVnd: number): number {
  if (monthlyVnd < 5_000_000) return 1;
  if (monthlyVnd <= 10_000_000) return 2;
  if (monthlyVnd <= 20_000_000) return 3;
  if (monthlyVnd <= 50_000_000) return 4;
  return 5;
}

/** A wage as a monthly code: a daily wage × 26, an hourly × 208; negotiable or commission have none (fit any band). */
export function monthlyWageCode(kind: string, band: number | null, amountVnd: number | null): number | null {
  if (kind === 'band') return band;
  if (kind === 'daily' && amountVnd) return wageCodeOf(amountVnd * 26);
  if (kind === 'hourly' && amountVnd) return wageCodeOf(amountVnd * 208);
  return null;
}

export const WEIGHT_KEYS = [
  'occupation_l4',
  'occupation_l3',
  'occupation_l2',
  'workplace_commune_1',
  'workplace_commune_2',
  'workplace_province_1',
  'workplace_province_2',
  'wage',
  'experience',
  'available_now',
  'priority_group',
] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];
export type Weights = Record<WeightKey, number>;

/** The house defaults ("Quy ước của Hành Trang"): the rows the migration seeds into matching_weights. */
export const DEFAULT_WEIGHTS: Weights = {
  occupation_l4: 40,
  occupation_l3: 30,
  occupation_l2: 20,
  workplace_commune_1: 20,
  workplace_commune_2: 15,
  workplace_province_1: 12,
  workplace_province_2: 8,
  wage: 10,
  experience: 5,
  available_now: 5,
  priority_group: 5,
};

export interface SeekerFacts {
  occupationCode: string;
  province1: string;
  commune1: string | null;
  province2: string | null;
  commune2: string | null;
  /** monthly wage code wanted; null: negotiable or commission */
  wageCode: number | null;
  experience: string;
  availableFrom: string;
  priorityGroups: string[];
  languageCodes: string[];
  generalEducation: string | null;
  technicalLevel: string | null;
}

export interface VacancyFacts {
  state: string;
  numberToHire: number;
  hiredCount: number;
  deadline: string;
  occupationCode: string;
  provinceCode: string;
  communeCode: string;
  wageCode: number | null;
  generalEducation: string;
  technicalLevel: string;
  languagesRequired: string[];
  priorityGroups: string[];
}

export interface Reason {
  key: WeightKey;
  points: number;
  text: string;
  /** the same for the worker, in plain words (no codes) */
  plain: string;
}
export interface HardCheck {
  key: 'open' | 'deadline' | 'technical_level' | 'general_education' | 'language' | 'availability';
  ruleId: string;
  ok: boolean;
  text: string;
  /** what is missing, said to the worker */
  plain: string;
}

/** What a failed requirement means to the worker herself. */
const PLAIN_MISSING: Record<HardCheck['key'], string> = {
  open: 'Việc này đã tuyển đủ người hoặc đã ngừng tuyển.',
  deadline: 'Việc này đã hết hạn nhận hồ sơ.',
  technical_level: 'Việc này cần trình độ nghề cao hơn trình độ bạn đã khai.',
  general_education: 'Việc này cần trình độ học vấn cao hơn trình độ bạn đã khai.',
  language: 'Việc này cần ngoại ngữ mà bạn chưa khai.',
  availability: 'Bạn chỉ có thể bắt đầu làm sau hạn nhận hồ sơ của việc này.',
};

/** Why a vacancy fits, said to the worker herself. */
const PLAIN_REASON: Record<WeightKey, string> = {
  occupation_l4: 'Đúng nghề bạn muốn làm.',
  occupation_l3: 'Gần với nghề bạn muốn làm.',
  occupation_l2: 'Cùng nhóm nghề bạn muốn làm.',
  workplace_commune_1: 'Đúng nơi bạn muốn làm việc nhất.',
  workplace_commune_2: 'Đúng nơi làm việc thứ hai bạn chọn.',
  workplace_province_1: 'Trong tỉnh bạn muốn làm việc.',
  workplace_province_2: 'Trong tỉnh thứ hai bạn chọn.',
  wage: 'Mức lương bằng hoặc cao hơn mức bạn mong muốn.',
  experience: 'Bạn đã có kinh nghiệm trong nghề.',
  available_now: 'Bạn có thể bắt đầu ngay.',
  priority_group: 'Nhà tuyển dụng ưu tiên người thuộc nhóm của bạn.',
};
export interface Match {
  hardOk: boolean;
  score: number;
  hard: HardCheck[];
  reasons: Reason[];
}

/** Common leading digits of two occupation codes. */
export function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return n;
}

/**
 * A job seeker against a vacancy on the day `on`: each hard requirement with its verdict in words (a failure ranks the
 * candidate below every one who passes; it is shown, never hidden), and the points of each soft reason.
 */
export function matchOf(s: SeekerFacts, v: VacancyFacts, w: Weights, on: string): Match {
  const hard: Omit<HardCheck, 'plain'>[] = [];
  const left = v.numberToHire - v.hiredCount;
  hard.push({
    key: 'open',
    ruleId: 'E5',
    ok: v.state === 'open' && left > 0,
    text:
      v.state !== 'open'
        ? 'Việc làm đã đóng hoặc đã tuyển đủ.'
        : left > 0
          ? `Việc làm đang tuyển, còn ${left} chỗ.`
          : 'Việc làm đã tuyển đủ số lượng.',
  });
  hard.push({
    key: 'deadline',
    ruleId: 'E5',
    ok: on <= v.deadline,
    text:
      on <= v.deadline
        ? `Hạn tuyển dụng ${formatDateVi(v.deadline)}.`
        : `Đã quá hạn tuyển dụng (${formatDateVi(v.deadline)}).`,
  });
  const techNeed = rankOf(TECHNICAL_LEVELS, v.technicalLevel as TechnicalLevel);
  const techHave = rankOf(TECHNICAL_LEVELS, s.technicalLevel as TechnicalLevel);
  const techOk = techNeed <= 0 || techHave >= techNeed;
  hard.push({
    key: 'technical_level',
    ruleId: 'MATCH',
    ok: techOk,
    text:
      techNeed <= 0
        ? 'Không yêu cầu trình độ chuyên môn kỹ thuật.'
        : techOk
          ? `Trình độ chuyên môn ${TECHNICAL_LEVEL_LABELS[s.technicalLevel as TechnicalLevel]} đạt yêu cầu (${TECHNICAL_LEVEL_LABELS[v.technicalLevel as TechnicalLevel]}).`
          : `Yêu cầu trình độ chuyên môn ${TECHNICAL_LEVEL_LABELS[v.technicalLevel as TechnicalLevel]}; người tìm việc ${
              s.technicalLevel
                ? `có ${TECHNICAL_LEVEL_LABELS[s.technicalLevel as TechnicalLevel]}`
                : 'chưa khai trình độ'
            }.`,
  });
  const eduNeed =
    v.generalEducation === 'none' ? -1 : rankOf(GENERAL_EDUCATION, v.generalEducation as GeneralEducation);
  const eduHave = rankOf(GENERAL_EDUCATION, s.generalEducation as GeneralEducation);
  const eduOk = eduNeed < 0 || eduHave >= eduNeed;
  hard.push({
    key: 'general_education',
    ruleId: 'MATCH',
    ok: eduOk,
    text:
      eduNeed < 0
        ? 'Không yêu cầu trình độ giáo dục phổ thông.'
        : eduOk
          ? `Trình độ giáo dục phổ thông đạt yêu cầu (${GENERAL_EDUCATION_LABELS[v.generalEducation as GeneralEducation]}).`
          : `Yêu cầu ${GENERAL_EDUCATION_LABELS[v.generalEducation as GeneralEducation].toLowerCase()}; người tìm việc ${
              s.generalEducation
                ? GENERAL_EDUCATION_LABELS[s.generalEducation as GeneralEducation].toLowerCase()
                : 'chưa khai trình độ'
            }.`,
  });
  if (v.languagesRequired.length) {
    const missing = v.languagesRequired.filter((l) => !s.languageCodes.includes(l));
    hard.push({
      key: 'language',
      ruleId: 'MATCH',
      ok: missing.length === 0,
      text: missing.length
        ? `Chưa có ngoại ngữ yêu cầu: ${missing.map((l) => LANGUAGE_LABELS[l] ?? l).join(', ')}.`
        : `Có ngoại ngữ yêu cầu: ${v.languagesRequired.map((l) => LANGUAGE_LABELS[l] ?? l).join(', ')}.`,
    });
  }
  hard.push({
    key: 'availability',
    ruleId: 'MATCH',
    ok: s.availableFrom <= v.deadline,
    text:
      s.availableFrom <= v.deadline
        ? s.availableFrom <= on
          ? 'Sẵn sàng làm việc ngay, trước hạn tuyển dụng.'
          : `Sẵn sàng làm việc từ ${formatDateVi(s.availableFrom)}, trước hạn tuyển dụng.`
        : `Chỉ sẵn sàng làm việc từ ${formatDateVi(s.availableFrom)}, sau hạn tuyển dụng ${formatDateVi(v.deadline)}.`,
  });

  const reasons: Omit<Reason, 'plain'>[] = [];
  const add = (key: WeightKey, text: string) => {
    if (w[key] > 0) reasons.push({ key, points: w[key], text });
  };
  const common = commonPrefix(s.occupationCode, v.occupationCode);
  if (common >= 4) add('occupation_l4', `Đúng nghề mong muốn (mã ${v.occupationCode}).`);
  else if (common === 3) add('occupation_l3', `Cùng nhóm nghề cấp 3 (${v.occupationCode.slice(0, 3)}).`);
  else if (common === 2) add('occupation_l2', `Cùng nhóm nghề cấp 2 (${v.occupationCode.slice(0, 2)}).`);
  if (s.commune1 && v.communeCode === s.commune1)
    add('workplace_commune_1', 'Nơi làm việc đúng xã mong muốn thứ nhất.');
  else if (s.commune2 && v.communeCode === s.commune2)
    add('workplace_commune_2', 'Nơi làm việc đúng xã mong muốn thứ hai.');
  else if (v.provinceCode === s.province1) add('workplace_province_1', 'Nơi làm việc trong tỉnh mong muốn thứ nhất.');
  else if (s.province2 && v.provinceCode === s.province2)
    add('workplace_province_2', 'Nơi làm việc trong tỉnh mong muốn thứ hai.');
  if (s.wageCode === null || v.wageCode === null || s.wageCode <= v.wageCode)
    add(
      'wage',
      s.wageCode === null || v.wageCode === null
        ? 'Mức lương thỏa thuận được.'
        : 'Mức lương của việc làm bằng hoặc cao hơn mức mong muốn.',
    );
  if (s.experience !== 'none') add('experience', 'Đã có kinh nghiệm trong nghề.');
  if (s.availableFrom <= on) add('available_now', 'Sẵn sàng làm việc ngay.');
  const shared = s.priorityGroups.filter((g) => v.priorityGroups.includes(g));
  if (shared.length)
    add(
      'priority_group',
      `Thuộc nhóm ưu tiên mà việc làm nêu: ${shared.map((g) => PRIORITY_GROUP_LABELS[g] ?? g).join(', ')}.`,
    );
  return {
    hardOk: hard.every((h) => h.ok),
    score: reasons.reduce((a, r) => a + r.points, 0),
    hard: hard.map((h) => ({ ...h, plain: h.ok ? h.text : PLAIN_MISSING[h.key] })),
    reasons: reasons.map((r) => ({ ...r, plain: PLAIN_REASON[r.key] })),
  };
}

/** The day a job seeker becomes available: registration plus the months she gave ("now" is 0 months). */
export const availableFromOf = (registeredOn: string, afterMonths: number) => addMonths(registeredOn, afterMonths);

/** E3: follow-up due at the start plus the policy's months, or at the contract's end when that is sooner. */
export function followUpDue(startOn: string, contractEndOn: string | null, months: number): string {
  const due = addMonths(startOn, months);
  return contractEndOn && contractEndOn < due ? contractEndOn : due;
}

/** E4: the entry on the National Job Exchange is due the policy's working days after the employer's notice. */
export const njeReportDue = (notifiedOn: string, workingDays: number, calendar: WorkingCalendar) =>
  calendar.addWorkingDays(notifiedOn, workingDays);

/** R1 for the overseas list: 18 or older on the day. */
export const isAdultOn = (dateOfBirth: string, on: string) => addMonths(dateOfBirth, 18 * 12) <= on;
