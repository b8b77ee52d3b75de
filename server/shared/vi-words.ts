// Vietnamese words for official documents: amounts in words ("Một trăm triệu đồng chẵn") and the place-and-date
// line of Decree 30/2020 ("Hà Nội, ngày 05 tháng 3 năm 2026": days under 10 and months 1–2 with a leading zero).

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** One group of three digits; `full` when a higher group precedes it (then "không trăm", "linh" are said). */
function group(n: number, full: boolean): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const words: string[] = [];
  if (h > 0 || full) words.push(DIGITS[h], 'trăm');
  if (t === 0) {
    if (u > 0) {
      if (h > 0 || full) words.push('linh');
      words.push(DIGITS[u]);
    }
  } else if (t === 1) {
    words.push('mười');
    if (u === 5) words.push('lăm');
    else if (u > 0) words.push(DIGITS[u]);
  } else {
    words.push(DIGITS[t], 'mươi');
    if (u === 1) words.push('mốt');
    else if (u === 4) words.push('tư');
    else if (u === 5) words.push('lăm');
    else if (u > 0) words.push(DIGITS[u]);
  }
  return words.join(' ');
}

/** Below a billion: millions, thousands and units; `full` when a higher part precedes it. */
function belowBillion(n: number, full: boolean): string {
  const groups = [Math.floor(n / 1_000_000), Math.floor(n / 1000) % 1000, n % 1000];
  const scales = [' triệu', ' nghìn', ''];
  const parts: string[] = [];
  let started = full;
  groups.forEach((g, i) => {
    if (g === 0) return;
    parts.push(group(g, started) + scales[i]);
    started = true;
  });
  return parts.join(' ');
}

/** A whole number in Vietnamese words, lower case: 100000000 → "một trăm triệu"; 1005 → "một nghìn không trăm linh năm". */
export function numberInWords(value: bigint | number): string {
  const n = BigInt(value);
  if (n < 0n) return `âm ${numberInWords(-n)}`;
  if (n === 0n) return 'không';
  if (n < 1_000_000_000n) return belowBillion(Number(n), false);
  const low = Number(n % 1_000_000_000n);
  return `${numberInWords(n / 1_000_000_000n)} tỷ${low ? ` ${belowBillion(low, true)}` : ''}`;
}

/** An amount in đồng as written on a document: "Một trăm triệu đồng chẵn"; "Một trăm linh năm đồng". */
export function dongInWords(value: bigint | number): string {
  const n = BigInt(value);
  const words = numberInWords(n);
  const chan = n % 1000n === 0n && n !== 0n ? ' chẵn' : '';
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} đồng${chan}`;
}

/** "Hà Nội, ngày 05 tháng 3 năm 2026" from an ISO date. */
export function placeAndDate(place: string, iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const day = String(d).padStart(2, '0');
  const month = m <= 2 ? String(m).padStart(2, '0') : String(m);
  return `${place}, ngày ${day} tháng ${month} năm ${y}`;
}
