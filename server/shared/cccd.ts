// Citizen ID (CCCD, 12 digits) checks, DOMAIN.md §7.1: digits 1–3 the birth-registration province code (the old
// 63 codes, kept as editable reference data), digit 4 century + sex, digits 5–6 the year of birth.
import type { FieldProblem } from './errors';

export type Sex = 'male' | 'female';

/** The 4th digit for a birth year and sex: 0/1 for 1900s, 2/3 for 2000s … 8/9 for 2300s (even = male). */
export function centurySexDigit(year: number, sex: Sex): number | null {
  const century = Math.floor((year - 1900) / 100);
  if (century < 0 || century > 4) return null;
  return century * 2 + (sex === 'female' ? 1 : 0);
}

const SEX_VI: Record<Sex, string> = { male: 'nam', female: 'nữ' };

/** Every disagreement between a CCCD and the person's date of birth and sex, each with its reason (empty: valid). */
export function checkCccd(
  cccd: string,
  dateOfBirth: string,
  sex: Sex,
  allowedPrefixes: ReadonlySet<string>,
  path = 'cccd',
): FieldProblem[] {
  if (!/^[0-9]{12}$/.test(cccd)) {
    return [{ path, message: 'Số CCCD phải gồm đúng 12 chữ số', type: 'cccd.format' }];
  }
  const problems: FieldProblem[] = [];
  const prefix = cccd.slice(0, 3);
  if (!allowedPrefixes.has(prefix)) {
    problems.push({
      path,
      type: 'cccd.prefix',
      message: `3 chữ số đầu của số CCCD (${prefix}) không phải mã tỉnh/thành phố nơi đăng ký khai sinh hợp lệ`,
    });
  }
  const year = Number(dateOfBirth.slice(0, 4));
  const expected = centurySexDigit(year, sex);
  const fourth = Number(cccd[3]);
  if (expected === null || fourth !== expected) {
    problems.push({
      path,
      type: 'cccd.century_sex',
      message: `Chữ số thứ 4 của số CCCD (${fourth}) không khớp với giới tính ${SEX_VI[sex]} và năm sinh ${year}: phải là ${expected ?? '—'}`,
    });
  }
  const yy = cccd.slice(4, 6);
  if (yy !== String(year % 100).padStart(2, '0')) {
    problems.push({
      path,
      type: 'cccd.year',
      message: `Chữ số thứ 5–6 của số CCCD (${yy}) phải là hai số cuối của năm sinh ${year} (${String(year % 100).padStart(2, '0')})`,
    });
  }
  return problems;
}

/** 038******345: the first 3 and last 3 digits, for lists. */
export function maskCccd(cccd: string): string {
  return cccd.length === 12 ? `${cccd.slice(0, 3)}******${cccd.slice(9)}` : '************';
}
