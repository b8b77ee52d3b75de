// The liquidation record (biên bản thanh lý): the contract's end, the agreed deductions from the deposit (R11) and
// what comes back to the worker; a case liquidated unilaterally names the notices sent (R20).
import { formatDateVi } from '../../../shared/dates';
import { formatMoney } from '../../../shared/format';
import { dongInWords, placeAndDate } from '../../../shared/vi-words';
import { ConflictError } from '../../../shared/errors';
import { defineTemplate } from '../documents.service';
import { collectCase, type CaseSnapshot } from './common';

export const liquidationTemplate = defineTemplate<CaseSnapshot>({
  id: 'liquidation_record',
  version: 1,
  docType: 'BB',
  label: 'Biên bản thanh lý hợp đồng',
  subjectType: 'case',
  async collect(actor, subjectId) {
    const collected = await collectCase(actor, subjectId);
    if (!collected.snapshot.case.liquidatedOn)
      throw new ConflictError('Hồ sơ chưa thanh lý: hãy ghi việc thanh lý trên trang hồ sơ trước khi lập biên bản');
    return collected;
  },
  build(s, meta) {
    const deducted = s.case.deductions.reduce((a, d) => a + d.amountVnd, 0);
    const back = Math.max(0, s.order.depositVnd - deducted);
    return {
      issuer: { name: s.issuer.name },
      numberText: meta.numberText,
      placeDate: placeAndDate(s.issuer.province, meta.issuedOn),
      title: 'Biên bản thanh lý hợp đồng đưa người lao động đi làm việc ở nước ngoài',
      basis: [
        'Căn cứ Luật số 69/2020/QH14 và Nghị định số 112/2021/NĐ-CP (Điều 31–32 về hoàn trả tiền ký quỹ);',
        `Căn cứ hợp đồng của hồ sơ ${s.case.code}, đơn hàng ${s.order.reference}.`,
      ],
      blocks: [
        {
          kind: 'list',
          items: [
            `Người lao động: ${s.worker.fullName}, CCCD ${s.worker.cccd}`,
            `Hợp đồng lao động: ${s.case.contractStartOn ? formatDateVi(s.case.contractStartOn) : '—'} – ${
              s.case.contractEndOn ? formatDateVi(s.case.contractEndOn) : '—'
            }; về nước ngày ${s.case.returnedOn ? formatDateVi(s.case.returnedOn) : '—'}`,
            `Ngày thanh lý: ${formatDateVi(s.case.liquidatedOn)}`,
          ],
        },
        { kind: 'heading', text: 'Các khoản khấu trừ từ tiền ký quỹ đã được hai bên thỏa thuận' },
        s.case.deductions.length
          ? {
              kind: 'table',
              head: ['Lý do', 'Số tiền'],
              widths: [3, 2],
              rows: s.case.deductions.map((d) => [d.reason, formatMoney(d.amountVnd)]),
            }
          : { kind: 'para', text: 'Không có khoản khấu trừ nào.' },
        {
          kind: 'para',
          text: `Tiền ký quỹ: ${formatMoney(s.order.depositVnd)}. Khấu trừ: ${formatMoney(deducted)}. Hoàn trả người lao động: ${formatMoney(back)} (${dongInWords(back)}), cùng tiền lãi theo ngân hàng (R11).`,
        },
      ],
      signatures: [
        { title: 'Người lao động', name: s.worker.fullName, note: '(Ký, ghi rõ họ tên)' },
        { title: 'Đại diện doanh nghiệp', name: s.issuer.name, note: '(Ký, ghi rõ họ tên, đóng dấu)' },
      ],
      recipients: ['Người lao động', 'Ngân hàng nhận ký quỹ', 'Lưu hồ sơ'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Biên bản thanh lý ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});
