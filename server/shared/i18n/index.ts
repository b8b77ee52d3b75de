import vi from './vi.json';

type Dict = { [k: string]: string | Dict };

/** The Vietnamese string at a dotted key; the key itself when missing, so a gap is visible, not blank. */
export function t(key: string, dict: Dict = vi as Dict): string {
  let cur: string | Dict | undefined = dict;
  for (const part of key.split('.')) cur = typeof cur === 'object' ? cur[part] : undefined;
  return typeof cur === 'string' ? cur : key;
}
