// Mẫu 03: the contract placing a worker abroad (Law 69/2020 Art 23–24; Circular 21/2021 Mẫu 03), between the
// enterprise and the worker. Every cost the worker pays stands with its legal cap beside it (R7 service fee, R8 no
// brokerage, R9 deposit), from the order's verdicts on the day of issue.
import { formatDateVi } from '../../../shared/dates';
import { formatMoney } from '../../../shared/format';
import { dongInWords, placeAndDate } from '../../../shared/vi-words';
import { defineTemplate } from '../documents.service';
import { collectCase, type CaseSnapshot } from './common';

const money = (v: number) => `${formatMoney(v)} (${dongInWords(v)})`;

export const contractTemplate = defineTemplate<CaseSnapshot>({
  id: 'placement_contract',
  version: 1,
  docType: 'HĐ',
  label: 'Hợp đồng đưa người lao động đi làm việc ở nước ngoài',
  subjectType: 'case',
  collect: collectCase,
  build(s, meta) {
    const o = s.order;
    const cap = (v: number | null) => (v === null ? 'chưa đủ số liệu để tính' : formatMoney(v));
    return {
      issuer: { name: s.issuer.name },
      numberText: meta.numberText,
      placeDate: placeAndDate(s.issuer.province, meta.issuedOn),
      title: 'Hợp đồng đưa người lao động đi làm việc ở nước ngoài',
      summary: `(Mẫu số 03 – Thông tư số 21/2021/TT-BLĐTBXH)`,
      basis: [
        'Căn cứ Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng số 69/2020/QH14;',
        'Căn cứ Nghị định số 112/2021/NĐ-CP và Thông tư số 21/2021/TT-BLĐTBXH;',
        `Căn cứ hợp đồng cung ứng lao động, đơn hàng ${o.reference}.`,
      ],
      blocks: [
        { kind: 'heading', text: 'Bên đưa người lao động đi (Bên A)' },
        {
          kind: 'list',
          items: [
            `Tên doanh nghiệp: ${s.issuer.name}`,
            `Giấy phép hoạt động dịch vụ số: ${s.issuer.licenceNumber ?? '—'}`,
            `Địa chỉ: ${s.issuer.address ?? '—'}`,
          ],
        },
        { kind: 'heading', text: 'Người lao động (Bên B)' },
        {
          kind: 'list',
          items: [
            `Họ và tên: ${s.worker.fullName}; giới tính: ${s.worker.sex}; ngày sinh: ${formatDateVi(s.worker.dateOfBirth)}`,
            `Số định danh cá nhân (CCCD): ${s.worker.cccd}`,
            `Nơi cư trú: ${s.worker.address || '—'}${s.worker.phone ? `; điện thoại: ${s.worker.phone}` : ''}`,
          ],
        },
        { kind: 'heading', text: 'Điều 1. Công việc ở nước ngoài' },
        {
          kind: 'list',
          items: [
            `Nước đến làm việc: ${o.country ?? '—'}; người sử dụng lao động: ${o.employer ?? '—'}`,
            `Công việc: ${o.job ?? o.category ?? '—'}; thời hạn hợp đồng lao động: ${o.contractMonths ?? '—'} tháng`,
            `Tiền lương: ${o.salary ?? '—'} một tháng`,
          ],
        },
        { kind: 'heading', text: 'Điều 2. Các khoản tiền người lao động nộp và mức tối đa theo quy định' },
        {
          kind: 'table',
          head: ['Khoản tiền', 'Số tiền người lao động nộp', 'Mức tối đa theo quy định', 'Căn cứ'],
          widths: [3, 4, 4, 3],
          rows: [
            ['Tiền dịch vụ', money(o.serviceFeeVnd), cap(o.serviceFeeCapVnd), 'Luật 69/2020, Điều 23; R7'],
            ['Tiền môi giới', money(o.brokerageVnd), 'Không được thu', 'Luật 69/2020, Điều 7; R8'],
            ['Tiền ký quỹ', money(o.depositVnd), cap(o.depositCapVnd), 'Nghị định 112/2021, Điều 24; R9'],
          ],
        },
        ...(o.feeSteps.length
          ? [{ kind: 'para' as const, text: `Cách tính mức tối đa tiền dịch vụ: ${o.feeSteps.join('; ')}.` }]
          : []),
        {
          kind: 'para',
          text: 'Tiền ký quỹ được gửi vào tài khoản phong tỏa tại ngân hàng và được hoàn trả cả gốc và lãi cho người lao động khi thanh lý hợp đồng, sau khi trừ các khoản được hai bên thỏa thuận ghi trong biên bản thanh lý (R11).',
        },
        { kind: 'heading', text: 'Điều 3. Thời hạn xuất cảnh' },
        {
          kind: 'para',
          text: `Bên A đưa Bên B đi làm việc trong thời hạn 180 ngày kể từ ngày Bên B trúng tuyển${
            s.case.selectedOn ? ` (ngày ${formatDateVi(s.case.selectedOn)})` : ''
          }. Quá thời hạn này, Bên B có quyền rút hồ sơ và được hoàn trả các khoản đã nộp (R15).`,
        },
        { kind: 'heading', text: 'Điều 4. Về nước trước hạn không do lỗi của người lao động' },
        {
          kind: 'para',
          text: 'Bên A hoàn trả cho Bên B phần tiền dịch vụ tương ứng với thời gian còn lại của hợp đồng lao động, cùng tiền lãi (R12).',
        },
        { kind: 'para', text: `Mã hồ sơ: ${s.case.code}. Hợp đồng được lập thành 03 bản có giá trị như nhau.` },
      ],
      signatures: [
        { title: 'Người lao động', name: s.worker.fullName, note: '(Ký, ghi rõ họ tên)' },
        { title: 'Đại diện doanh nghiệp', name: s.issuer.name, note: '(Ký, ghi rõ họ tên, đóng dấu)' },
      ],
      recipients: ['Người lao động', 'Lưu hồ sơ doanh nghiệp'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Hợp đồng ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});
