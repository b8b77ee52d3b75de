// The small model every template builds and both renderers (HTML preview, PDF) read: the parts of an official
// document in Decree 30/2020's order (DOMAIN.md §8): issuer, national motto, number, place and date, title and
// summary, legal basis, body, signatures, recipients; and the QR that verifies it.

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][]; widths: number[] };

export interface DocModel {
  /** the issuing body, upper case (left header); a parent body above it when there is one */
  issuer: { parent?: string; name: string };
  numberText: string;
  placeDate: string;
  title: string;
  summary?: string;
  basis: string[];
  blocks: Block[];
  /** one or two signature columns (e.g. the agency and the worker) */
  signatures: { title: string; name: string; note?: string }[];
  recipients?: string[];
  /** the QR: the verify URL with its signed payload, and the code printed under it */
  verify: { url: string; code: string };
  /** document metadata (PDF Title) */
  meta: { title: string; issuedOn: string };
}
