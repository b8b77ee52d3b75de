// The issued report's files: its PDF (the numbered document, drawn now if the render job has not run yet) and its
// XLSX (the same table from the same frozen figures; a draft's XLSX is marked as a draft).
import type { Actor } from '../../shared/auth/permissions';
import { ConflictError } from '../../shared/errors';
import { documentPdf, renderDocument } from '../documents';
import { reportTable, reportXlsx } from './exchange-reports.table';
import { reportWithLines } from './exchange-reports.service';

export async function reportXlsxFile(actor: Actor, id: number): Promise<{ bytes: Buffer; filename: string }> {
  const { report, figures, windows } = await reportWithLines(actor, id);
  const bytes = await reportXlsx({
    centreName: report.centreName,
    year: report.year,
    period: report.period,
    from: windows.current.from,
    to: windows.current.to,
    priorFrom: windows.prior.from,
    priorTo: windows.prior.to,
    rows: reportTable(figures, report.entered, report.provincial),
    labourMarketInfo: report.labourMarketInfo,
    numberText: report.documentNumber,
    issuedOn: report.issuedOn,
  });
  return {
    bytes,
    filename: `mau-01-${report.year}-${report.period === 'half' ? '6-thang' : 'ca-nam'}-${report.id}.xlsx`,
  };
}

export async function reportPdfFile(actor: Actor, id: number): Promise<{ bytes: Buffer; filename: string }> {
  const { report } = await reportWithLines(actor, id);
  if (report.state !== 'issued' || !report.documentId)
    throw new ConflictError('Báo cáo chưa ban hành: chưa có bản PDF.', { reason: 'NOT_ISSUED' });
  let file;
  try {
    file = await documentPdf(actor, report.documentId);
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    // the render job has not run yet: draw it now (once; a later delivery finds the file)
    await renderDocument(report.documentId);
    file = await documentPdf(actor, report.documentId);
  }
  return { bytes: file.bytes, filename: `mau-01-${report.year}-${report.id}.pdf` };
}
