// Tiny but real scans (a PDF, a 1×1 PNG, a JPEG header), and papers written straight through the model.
import { Paper, type PaperKind } from '../../server/modules/papers';

export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
export const JPEG_BYTES = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
]);

/** The text fields of a paper of the kind, valid on 2026-11-27 (orientation: for Japan, general work). */
export function paperFields(kind: PaperKind, overrides: Record<string, string | null> = {}): Record<string, string> {
  const base: Record<string, string> = {
    kind,
    number: `${kind.toUpperCase().slice(0, 3)}-123456`,
    issuingBody: 'Cục Quản lý xuất nhập cảnh',
    issuedOn: '2026-01-10',
    expiresOn: '2030-01-09',
  };
  if (kind === 'orientation_certificate')
    Object.assign(base, { market: 'JP', jobCategory: 'general', expiresOn: '2028-01-09' });
  const out: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** A paper row without going through the API (for status tests). */
export async function makePaper(fields: {
  kind: PaperKind;
  workerId: number;
  caseId?: number | null;
  issuedOn: string;
  expiresOn: string | null;
  number?: string;
  senderAgencyId?: number | null;
}) {
  return Paper.create({
    kind: fields.kind,
    workerId: fields.workerId,
    caseId: fields.caseId ?? null,
    number: fields.number ?? `SO-${fields.kind}-${fields.issuedOn}`,
    issuingBody: 'Cơ quan cấp',
    issuedOn: fields.issuedOn,
    expiresOn: fields.expiresOn,
    fileId: null,
    senderAgencyId: fields.senderAgencyId ?? null,
    market: fields.kind === 'orientation_certificate' ? 'JP' : null,
    jobCategory: null,
    createdByUserId: null,
  });
}
