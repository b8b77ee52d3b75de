// Vietnamese text: NFC for storage; folded (no accents, no case, đ → d) for search. Folding also removes the
// old/new tone placement difference (Hoà / Hòa), which NFC alone does not.
export const nfc = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Vietnamese phone numbers in +84 / 84 / 0 forms → the national form 0xxxxxxxxx; null when not a phone. */
export function normalisePhone(input: string): string | null {
  const digits = input.replace(/[\s.()-]/g, '');
  const m = /^(?:\+84|84|0)([1-9][0-9]{8,9})$/.exec(digits);
  return m ? `0${m[1]}` : null;
}
