// The issued Mẫu 01 as a document (BC): numbered per centre and year, signed QR, verifiable at /verify/:code, drawn
// from the figures frozen into the report at its issue (the same input always draws the same PDF). Registered with
// the documents module through its index (defineTemplate); the report's own issue calls issueDocument.
import { select } from '../../db/sql';
import { formatDateVi } from '../../shared/dates';
import { NotFoundError } from '../../shared/errors';
import { placeAndDate } from '../../shared/vi-words';
import { fold } from '../../shared/text';
import { defineTemplate } from '../documents';
import { provinceName } from '../reference';
import type { Figures } from './exchange-reports.lines';
import { PERIOD_LABELS, priorPeriod, reportPeriod, type ReportPeriodKind } from './exchange-reports.periods';
import { REPORT_TEMPLATE, type Entered } from './exchange-reports.service';
import { HAND, TABLE_HEAD, printedRows, reportTable } from './exchange-reports.table';

interface M01Snapshot {
  centre: { id: number; name: string; province: string };
  year: number;
  period: ReportPeriodKind;
  provincial: boolean;
  figures: Figures;
  entered: Entered;
  labourMarketInfo: string | null;
}

/** The centre's initials after the type in the number ("BC-TTDVVLTH"). */
function symbolOf(name: string): string {
  const words = fold(name)
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return (words.map((w) => w[0]).join('') || 'TTDVVL').slice(0, 8);
}

defineTemplate<M01Snapshot>({
  id: REPORT_TEMPLATE,
  version: 1,
  docType: 'BC',
  label: 'Báo cáo tình hình hoạt động dịch vụ việc làm (Mẫu 01 Phụ lục III Nghị định 352)',
  subjectType: 'agency_period',
  async collect(actor, subjectId) {
    // the issuing centre's own report, already frozen by the issue (this runs in the transaction)
    const [r] = await select<{
      centre_id: string;
      centre_name: string;
      province_code: string;
      year: number;
      period: ReportPeriodKind;
      provincial: boolean;
      computed: { figures: Figures } | null;
      entered: Entered;
      labour_market_info: string | null;
    }>(
      `SELECT r.centre_id, a.name AS centre_name, r.province_code, r.year, r.period, r.provincial, r.computed, r.entered,
              r.labour_market_info
       FROM exchange_reports r JOIN agency_licences a ON a.id = r.centre_id
       WHERE r.id = $1 AND r.state = 'issued' AND r.centre_id = $2`,
      [/^[0-9]{1,18}$/.test(subjectId) ? subjectId : '0', actor.agencyId ?? 0],
    );
    if (!r?.computed) throw new NotFoundError('Không tìm thấy báo cáo');
    const centreId = Number(r.centre_id);
    return {
      snapshot: {
        centre: {
          id: centreId,
          name: r.centre_name,
          province: provinceName(r.province_code).replace(/^(Tỉnh|Thành phố)\s+/, ''),
        },
        year: r.year,
        period: r.period,
        provincial: r.provincial,
        figures: r.computed.figures,
        entered: r.entered ?? {},
        labourMarketInfo: r.labour_market_info,
      },
      agencyId: centreId,
      workerId: null,
      holderName: null,
      issuerKey: `agency:${centreId}`,
      issuerSymbol: symbolOf(r.centre_name),
    };
  },
  build(s, meta) {
    const p = reportPeriod(s.year, s.period);
    const prior = priorPeriod(s.year, s.period);
    const rows = reportTable(s.figures, s.entered, s.provincial);
    return {
      issuer: { parent: `SỞ NỘI VỤ ${s.centre.province.toUpperCase()}`, name: s.centre.name },
      numberText: meta.numberText,
      placeDate: placeAndDate(s.centre.province, meta.issuedOn),
      title: 'Báo cáo tình hình hoạt động dịch vụ việc làm',
      summary: `${PERIOD_LABELS[s.period]} ${s.year}: số liệu từ ngày ${formatDateVi(p.from)} đến ngày ${formatDateVi(p.to)}`,
      basis: [
        'Căn cứ Nghị định số 352/2025/NĐ-CP của Chính phủ về dịch vụ việc làm và Sàn giao dịch việc làm quốc gia, Điều 11 và Mẫu số 01 Phụ lục III.',
      ],
      blocks: [
        {
          kind: 'para',
          text: `Kỳ trước: từ ngày ${formatDateVi(prior.from)} đến ngày ${formatDateVi(prior.to)}. Các dòng 1–3 do hệ thống tính từ số liệu phiên giao dịch việc làm, sổ tư vấn, đăng ký tìm việc, việc làm trống và giới thiệu việc làm («${'tự động'}»); các dòng ghi «${HAND}» do trung tâm nhập tay.`,
        },
        { kind: 'table', head: TABLE_HEAD, widths: [1.2, 7, 1.6, 1.6, 1.6, 1.8], rows: printedRows(rows) },
        { kind: 'heading', text: `6. Thông tin thị trường lao động thu thập được (${HAND})` },
        { kind: 'para', text: s.labourMarketInfo?.trim() || '—' },
      ],
      signatures: [{ title: 'Giám đốc', name: s.centre.name, note: '(Ký, ghi rõ họ tên, đóng dấu)' }],
      recipients: ['Sở Nội vụ (qua Sàn giao dịch việc làm quốc gia)', 'Lưu: VT'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Báo cáo Mẫu 01 ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});
