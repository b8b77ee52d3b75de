// The case summary sheet for the worker: her stage, dates, next step and case code. It never holds the portal
// activation code: a stored document holds no credential (the code goes on its own, unstored slip).
import { formatDateVi } from '../../../shared/dates';
import { placeAndDate } from '../../../shared/vi-words';
import { defineTemplate } from '../documents.service';
import { collectCase, type CaseSnapshot } from './common';

export const caseSummaryTemplate = defineTemplate<CaseSnapshot>({
  id: 'case_summary',
  version: 1,
  docType: 'TT',
  label: 'Phiếu tóm tắt hồ sơ người lao động',
  subjectType: 'case',
  collect: collectCase,
  build(s, meta) {
    const d = (v: string | null) => (v ? formatDateVi(v) : '—');
    return {
      issuer: { name: s.issuer.name },
      numberText: meta.numberText,
      placeDate: placeAndDate(s.issuer.province, meta.issuedOn),
      title: 'Phiếu tóm tắt hồ sơ',
      summary: `Mã hồ sơ: ${s.case.code}`,
      basis: [],
      blocks: [
        {
          kind: 'list',
          items: [
            `Người lao động: ${s.worker.fullName}, sinh ngày ${formatDateVi(s.worker.dateOfBirth)}`,
            `Đơn hàng: ${s.order.reference}${s.order.country ? `, đi làm việc tại ${s.order.country}` : ''}${
              s.order.employer ? ` (${s.order.employer})` : ''
            }`,
            `Bước hiện tại: ${s.case.stage}`,
          ],
        },
        {
          kind: 'table',
          head: ['Mốc', 'Ngày'],
          widths: [3, 2],
          rows: [
            ['Trúng tuyển', d(s.case.selectedOn)],
            ['Ký hợp đồng', d(s.case.contractSignedOn)],
            ['Xuất cảnh dự kiến', d(s.case.plannedDepartureOn)],
            ['Xuất cảnh', d(s.case.departedOn)],
            ['Về nước', d(s.case.returnedOn)],
            ['Thanh lý hợp đồng', d(s.case.liquidatedOn)],
          ],
        },
        { kind: 'heading', text: 'Việc tiếp theo' },
        s.nextSteps.length
          ? {
              kind: 'list',
              items: s.nextSteps.map((n) => `${n.text} Ai làm: ${n.who}. Hạn: ${formatDateVi(n.dueOn)}.`),
            }
          : { kind: 'para', text: 'Chưa có việc nào có hạn.' },
        {
          kind: 'para',
          text: 'Tra cứu hồ sơ không cần tài khoản tại trang /tra-cuu với mã hồ sơ, ngày sinh và 4 số cuối CCCD.',
        },
      ],
      signatures: [{ title: 'Đại diện doanh nghiệp', name: s.issuer.name }],
      recipients: ['Người lao động', 'Lưu hồ sơ'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Phiếu tóm tắt hồ sơ ${s.case.code}`, issuedOn: meta.issuedOn },
    };
  },
});
