// Vietnamese display formats: money `1.000.000 ₫`, dates dd/mm/yyyy.
export { formatDateVi } from './dates';

const money = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** Integer đồng → "1.000.000 ₫". Accepts a BIGINT string from the database. */
export function formatMoney(dong: number | string | bigint | null | undefined): string {
  if (dong === null || dong === undefined || dong === '') return '';
  const n = typeof dong === 'bigint' ? dong : BigInt(dong);
  const sign = n < 0n ? '-' : '';
  const abs = (n < 0n ? -n : n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${abs} ₫`;
}

export function formatNumber(n: number): string {
  return money.format(n);
}
