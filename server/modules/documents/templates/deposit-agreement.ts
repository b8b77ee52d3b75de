// The tripartite deposit agreement (hợp đồng ký quỹ, Decree 112 Art 30.1): worker, enterprise and bank; the blocked
// account in the worker's name, the amount and purpose, interest, and the rules for use and refund (R10, R11).
import { formatDateVi } from '../../../shared/dates';
import { formatMoney } from '../../../shared/format';
import { dongInWords, placeAndDate } from '../../../shared/vi-words';
import { ConflictError } from '../../../shared/errors';
import { defineTemplate } from '../documents.service';
import { accountOf, HOLDER_LABELS } from '../../money';
import { collectCase, type CaseSnapshot } from './common';

type Snapshot = CaseSnapshot & {
  account: {
    holder: string;
    bankName: string;
    bankBranch: string | null;
    accountNumber: string;
    agreementOn: string;
    fromLoan: boolean;
  };
};

export const depositAgreementTemplate = defineTemplate<Snapshot>({
  id: 'deposit_agreement',
  version: 1,
  docType: 'HĐ',
  label: 'Hợp đồng ký quỹ ba bên',
  subjectType: 'case',
  async collect(actor, subjectId) {
    const collected = await collectCase(actor, subjectId);
    const account = await accountOf(Number(subjectId));
    if (!account)
      throw new ConflictError('Chưa ghi tài khoản phong tỏa của người lao động: ghi ở trang tiền của hồ sơ trước');
    return {
      ...collected,
      snapshot: {
        ...collected.snapshot,
        account: {
          holder: HOLDER_LABELS[account.holder],
          bankName: account.bankName,
          bankBranch: account.bankBranch,
          accountNumber: account.accountNumber,
          agreementOn: account.agreementOn,
          fromLoan: account.fromLoan,
        },
      },
    };
  },
  build(s, meta) {
    const amount = s.order.depositVnd;
    return {
      issuer: { name: s.issuer.name },
      numberText: meta.numberText,
      placeDate: placeAndDate(s.issuer.province, meta.issuedOn),
      title: 'Hợp đồng ký quỹ',
      summary: 'giữa người lao động, doanh nghiệp dịch vụ và ngân hàng',
      basis: [
        'Căn cứ Luật số 69/2020/QH14, Điều 25;',
        'Căn cứ Nghị định số 112/2021/NĐ-CP, Điều 29 đến Điều 32;',
        `Căn cứ hợp đồng đưa người lao động đi làm việc ở nước ngoài của hồ sơ ${s.case.code}.`,
      ],
      blocks: [
        { kind: 'heading', text: 'Các bên' },
        {
          kind: 'list',
          items: [
            `Người lao động: ${s.worker.fullName}, sinh ngày ${formatDateVi(s.worker.dateOfBirth)}, CCCD ${s.worker.cccd}, địa chỉ ${s.worker.address || '—'}.`,
            `Doanh nghiệp: ${s.issuer.name}${s.issuer.licenceNumber ? `, giấy phép số ${s.issuer.licenceNumber}` : ''}${s.issuer.address ? `, ${s.issuer.address}` : ''}.`,
            `Ngân hàng: ${s.account.bankName}${s.account.bankBranch ? `, ${s.account.bankBranch}` : ''} (${s.account.holder}).`,
          ],
        },
        { kind: 'heading', text: 'Điều 1. Số tiền và mục đích' },
        {
          kind: 'para',
          text: `Người lao động ký quỹ ${formatMoney(amount)} (${dongInWords(amount)}) vào tài khoản phong tỏa số ${s.account.accountNumber} đứng tên người lao động, để bảo đảm thực hiện hợp đồng đưa người lao động đi làm việc ở nước ngoài${s.account.fromLoan ? ', bằng tiền vay Ngân hàng Chính sách xã hội' : ''}.`,
        },
        { kind: 'heading', text: 'Điều 2. Lãi suất' },
        {
          kind: 'para',
          text: 'Tiền ký quỹ được hưởng lãi theo lãi suất tiền gửi không kỳ hạn của ngân hàng; tiền lãi trả cùng tiền gốc khi hoàn trả.',
        },
        { kind: 'heading', text: 'Điều 3. Sử dụng, rút và tất toán' },
        {
          kind: 'list',
          items: [
            'Tiền ký quỹ chỉ được dùng để bù đắp thiệt hại do người lao động gây ra; số tiền phải được thỏa thuận và ghi trong biên bản thanh lý hợp đồng.',
            'Ngân hàng hoàn trả gốc và lãi cho người lao động (hoặc người được ủy quyền) căn cứ biên bản thanh lý hợp đồng; phần còn lại sau khi bù đắp thiệt hại được hoàn trả người lao động.',
            'Khi có tranh chấp, người lao động có quyền khiếu nại đến cơ quan quản lý nhà nước hoặc khởi kiện tại Tòa án.',
          ],
        },
      ],
      signatures: [
        { title: 'Người lao động', name: s.worker.fullName, note: '(Ký, ghi rõ họ tên)' },
        { title: 'Đại diện doanh nghiệp', name: s.issuer.name, note: '(Ký, đóng dấu)' },
        { title: 'Đại diện ngân hàng', name: s.account.bankName, note: '(Ký, đóng dấu)' },
      ],
      recipients: ['Người lao động', 'Doanh nghiệp', 'Ngân hàng'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Hợp đồng ký quỹ ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});
