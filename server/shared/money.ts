// Money is integer đồng (BIGINT, handled as bigint here); rates and policy values are exact decimals.
// No floating point touches an amount.

/** An exact non-negative decimal as a fraction n / d. */
export interface Fraction {
  n: bigint;
  d: bigint;
}

export function decimal(s: string | number): Fraction {
  const str = String(s).trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(str);
  if (!m) throw new RangeError(`not a non-negative decimal: ${str}`);
  const frac = m[2] ?? '';
  return { n: BigInt(m[1] + frac), d: 10n ** BigInt(frac.length) };
}

export const frac = (n: bigint, d = 1n): Fraction => ({ n, d });
export const mul = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
export const div = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.d, d: a.d * b.n });
export const lte = (a: Fraction, b: Fraction) => a.n * b.d <= b.n * a.d;
export const min = (a: Fraction, b: Fraction) => (lte(a, b) ? a : b);
export const floor = (a: Fraction): bigint => a.n / a.d;

/** A fraction as a short decimal string for explanations (up to 4 places). */
export function show(a: Fraction): string {
  const scaled = (a.n * 10_000n) / a.d;
  const int = scaled / 10_000n;
  const rest = (scaled % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return rest ? `${int},${rest}` : `${int}`;
}

/** A BIGINT from the database (string) or a JS number → bigint; refuses non-integers. */
export function dong(v: string | number | bigint | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new RangeError(`not a whole amount of đồng: ${v}`);
  return BigInt(v);
}

/** bigint đồng → a JS number for JSON (safe for any realistic amount; asserted). */
export function toNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError('amount too large');
  return Number(v);
}

/** ISO 4217 minor-unit exponents of the salary currencies we meet. */
export const CURRENCY_EXPONENT: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  TWD: 0,
  VND: 0,
  USD: 2,
  EUR: 2,
  GBP: 2,
  AUD: 2,
  NZD: 2,
  CAD: 2,
  SGD: 2,
  MYR: 2,
  MOP: 2,
  HKD: 2,
  CNY: 2,
  SAR: 2,
  AED: 2,
  QAR: 2,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  ILS: 2,
  THB: 2,
  BND: 2,
  PLN: 2,
  RON: 2,
  HUF: 2,
  CZK: 2,
  CHF: 2,
  RUB: 2,
};
