// The departure list report for an agency and a period (R17, Law 69/2020 Art 10; the database update within 5 days
// of each departure): the same rows as the page and its XLSX, as a numbered, verifiable document (BC).
import { formatDateVi } from '../../../shared/dates';
import { ValidationError } from '../../../shared/errors';
import { recordAccess } from '../../../shared/audit';
import { placeAndDate } from '../../../shared/vi-words';
import { agencyLetterhead } from '../../agencies';
import { departures, checkPeriod } from '../../reports';
import { countryName, provinceName } from '../../reference';
import { defineTemplate } from '../documents.service';
import { issuerSymbol } from './common';

interface ReportSnapshot {
  issuer: { name: string; licenceNumber: string | null; province: string };
  period: { from: string; to: string };
  rows: {
    workerName: string;
    cccd: string;
    dateOfBirth: string;
    departedOn: string;
    country: string | null;
    employer: string | null;
    contractEndOn: string | null;
    reportDueOn: string;
    updated: boolean;
  }[];
}

export const departuresReportTemplate = defineTemplate<ReportSnapshot>({
  id: 'departures_report',
  version: 1,
  docType: 'BC',
  label: 'Báo cáo danh sách người lao động xuất cảnh',
  subjectType: 'agency_period',
  async collect(actor, subjectId) {
    const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(subjectId);
    if (!m || actor.role !== 'agency_staff' || !actor.agencyId)
      throw new ValidationError([{ path: 'subjectId', message: 'Kỳ báo cáo phải là «YYYY-MM-DD..YYYY-MM-DD»' }]);
    const period = { from: m[1], to: m[2] };
    checkPeriod(period);
    const rows = await departures(actor, period);
    await recordAccess(actor, 'departures.exported', 'departure_list', subjectId);
    const agency = await agencyLetterhead(actor.agencyId);
    return {
      snapshot: {
        issuer: {
          name: agency?.name ?? 'Doanh nghiệp',
          licenceNumber: agency?.licenceNumber ?? null,
          province: (provinceName(agency?.provinceCode) || 'Hà Nội').replace(/^(Tỉnh|Thành phố)\s+/, ''),
        },
        period,
        rows: rows.map((r) => ({
          workerName: r.workerName,
          cccd: r.cccd,
          dateOfBirth: r.dateOfBirth,
          departedOn: r.departedOn,
          country: r.country ? countryName(r.country) : null,
          employer: r.employerName,
          contractEndOn: r.contractEndOn,
          reportDueOn: r.reportDueOn,
          updated: r.databaseUpdatedOn !== null && r.databaseUpdatedOn >= r.departedOn,
        })),
      },
      agencyId: actor.agencyId,
      workerId: null,
      holderName: null,
      issuerKey: `agency:${actor.agencyId}`,
      issuerSymbol: issuerSymbol(agency?.name ?? 'DN'),
    };
  },
  build(s, meta) {
    return {
      issuer: { name: s.issuer.name },
      numberText: meta.numberText,
      placeDate: placeAndDate(s.issuer.province, meta.issuedOn),
      title: 'Báo cáo danh sách người lao động xuất cảnh',
      summary: `Từ ngày ${formatDateVi(s.period.from)} đến ngày ${formatDateVi(s.period.to)}`,
      basis: [
        'Căn cứ Luật số 69/2020/QH14 và Thông tư số 21/2021/TT-BLĐTBXH về cập nhật cơ sở dữ liệu người lao động đi làm việc ở nước ngoài trong 05 ngày kể từ ngày xuất cảnh.',
      ],
      blocks: [
        {
          kind: 'para',
          text: `Doanh nghiệp ${s.issuer.name}${s.issuer.licenceNumber ? ` (giấy phép số ${s.issuer.licenceNumber})` : ''} báo cáo ${s.rows.length} người lao động xuất cảnh trong kỳ như sau:`,
        },
        {
          kind: 'table',
          head: ['STT', 'Họ và tên', 'Số CCCD', 'Ngày sinh', 'Ngày xuất cảnh', 'Nước đến, chủ sử dụng', 'Hạn cập nhật'],
          widths: [1, 4, 3.5, 2.5, 2.5, 4, 3],
          rows: s.rows.map((r, i) => [
            String(i + 1),
            r.workerName,
            r.cccd,
            formatDateVi(r.dateOfBirth),
            formatDateVi(r.departedOn),
            [r.country, r.employer].filter(Boolean).join(', ') || '—',
            `${formatDateVi(r.reportDueOn)}${r.updated ? ' (đã cập nhật)' : ''}`,
          ]),
        },
      ],
      signatures: [{ title: 'Đại diện doanh nghiệp', name: s.issuer.name, note: '(Ký, ghi rõ họ tên, đóng dấu)' }],
      recipients: ['Cục Quản lý lao động ngoài nước', 'Lưu hồ sơ'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Báo cáo xuất cảnh ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});
