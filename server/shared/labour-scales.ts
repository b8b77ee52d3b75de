// The scales of the employment forms (Decree 352/2025 Annex I: Mẫu 01/01a job seeker, 03/03a employer and vacancy,
// 04 connection result), each in its order with its words. Ordered scales compare by position (a requirement is met
// by its own level or any above it). Shared: the worker record stores education and technical level once, and the
// job exchange reads them.

/** General education (Mẫu 01, "Trình độ giáo dục phổ thông"), lowest first. */
export const GENERAL_EDUCATION = ['not_completed_primary', 'primary', 'lower_secondary', 'upper_secondary'] as const;
export type GeneralEducation = (typeof GENERAL_EDUCATION)[number];
export const GENERAL_EDUCATION_LABELS: Record<GeneralEducation, string> = {
  not_completed_primary: 'Chưa tốt nghiệp tiểu học',
  primary: 'Tốt nghiệp tiểu học',
  lower_secondary: 'Tốt nghiệp trung học cơ sở',
  upper_secondary: 'Tốt nghiệp trung học phổ thông',
};

/** Technical level (Mẫu 01, "Trình độ chuyên môn kỹ thuật"), lowest first. */
export const TECHNICAL_LEVELS = [
  'untrained',
  'skilled_no_certificate',
  'elementary',
  'intermediate',
  'college',
  'university',
  'master',
  'doctorate',
] as const;
export type TechnicalLevel = (typeof TECHNICAL_LEVELS)[number];
export const TECHNICAL_LEVEL_LABELS: Record<TechnicalLevel, string> = {
  untrained: 'Chưa qua đào tạo',
  skilled_no_certificate: 'Công nhân kỹ thuật không có bằng',
  elementary: 'Sơ cấp',
  intermediate: 'Trung cấp',
  college: 'Cao đẳng',
  university: 'Đại học',
  master: 'Thạc sĩ',
  doctorate: 'Tiến sĩ',
};

/** Mẫu 04 wage codes (million đồng a month): 1 under 5, 2 from 5 to 10, 3 to 20, 4 to 50, 5 over 50. */
export const WAGE_CODES = [1, 2, 3, 4, 5] as const;
export const WAGE_CODE_LABELS: Record<number, string> = {
  1: 'Dưới 5 triệu đồng',
  2: 'Từ 5 đến 10 triệu đồng',
  3: 'Trên 10 đến 20 triệu đồng',
  4: 'Trên 20 đến 50 triệu đồng',
  5: 'Trên 50 triệu đồng',
};

/** Employer workforce bands (Mẫu 03, "Quy mô lao động"). */
export const WORKFORCE_BANDS: Record<number, string> = {
  1: 'Dưới 10 người',
  2: 'Từ 10 đến 50 người',
  3: 'Từ 51 đến 100 người',
  4: 'Từ 101 đến 200 người',
  5: 'Từ 201 đến 500 người',
  6: 'Từ 501 đến 1.000 người',
  7: 'Từ 1.001 đến 3.000 người',
  8: 'Từ 3.001 đến 10.000 người',
  9: 'Trên 10.000 người',
};

export const rankOf = <T extends string>(scale: readonly T[], value: T | null | undefined): number =>
  value ? scale.indexOf(value) : -1;
