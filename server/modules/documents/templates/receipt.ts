// A receipt (biên nhận) for one ledger entry the worker paid or was paid: who paid whom, how much in figures and in
// words, how, with what reference (R13: the enterprise issues a receipt for cash it collects for the Fund).
import { formatDateVi } from '../../../shared/dates';
import { formatMoney } from '../../../shared/format';
import { dongInWords, placeAndDate } from '../../../shared/vi-words';
import { defineTemplate } from '../documents.service';
import { entryForReceipt } from '../../money';
import { caseFacts, issuerSymbol } from './common';

interface ReceiptSnapshot {
  issuer: { name: string; province: string };
  worker: { fullName: string; cccd: string };
  caseCode: string;
  entry: {
    kind: string;
    amountVnd: number;
    occurredOn: string;
    payer: string;
    payee: string;
    method: string;
    reference: string | null;
    note: string | null;
  };
}

export const receiptTemplate = defineTemplate<ReceiptSnapshot>({
  id: 'ledger_receipt',
  version: 1,
  docType: 'BN',
  label: 'Biên nhận tiền',
  subjectType: 'ledger_entry',
  async collect(actor, subjectId) {
    const id = /^\d{1,15}$/.test(subjectId) ? Number(subjectId) : 0;
    const r = await entryForReceipt(actor, id);
    const f = await caseFacts(actor, String(r.caseId));
    return {
      snapshot: {
        issuer: { name: f.snapshot.issuer.name, province: f.snapshot.issuer.province },
        worker: { fullName: f.snapshot.worker.fullName, cccd: f.snapshot.worker.cccd },
        caseCode: f.snapshot.case.code,
        entry: {
          kind: r.entry.kindLabel,
          amountVnd: r.entry.amountVnd,
          occurredOn: r.entry.occurredOn,
          payer: r.entry.payer,
          payee: r.entry.payee,
          method: r.entry.methodLabel,
          reference: r.entry.reference,
          note: r.entry.note,
        },
      },
      agencyId: r.agencyId,
      workerId: r.workerId,
      holderName: f.snapshot.worker.fullName,
      issuerKey: `agency:${r.agencyId}`,
      issuerSymbol: issuerSymbol(f.snapshot.issuer.name),
    };
  },
  build(s, meta) {
    return {
      issuer: { name: s.issuer.name },
      numberText: meta.numberText,
      placeDate: placeAndDate(s.issuer.province, meta.issuedOn),
      title: 'Biên nhận tiền',
      summary: s.entry.kind,
      basis: [],
      blocks: [
        {
          kind: 'table',
          head: ['Nội dung', 'Chi tiết'],
          widths: [2, 3],
          rows: [
            ['Hồ sơ', s.caseCode],
            ['Người lao động', `${s.worker.fullName}, CCCD ${s.worker.cccd}`],
            ['Khoản', s.entry.kind],
            ['Số tiền', `${formatMoney(s.entry.amountVnd)} (${dongInWords(s.entry.amountVnd)})`],
            ['Ngày', formatDateVi(s.entry.occurredOn)],
            ['Bên nộp', s.entry.payer],
            ['Bên nhận', s.entry.payee],
            ['Hình thức', s.entry.method],
            ['Số chứng từ', s.entry.reference ?? '—'],
            ...(s.entry.note ? [['Ghi chú', s.entry.note]] : []),
          ],
        },
      ],
      signatures: [
        { title: 'Người nộp tiền', name: s.entry.payer, note: '(Ký, ghi rõ họ tên)' },
        { title: 'Người nhận tiền', name: s.entry.payee, note: '(Ký, ghi rõ họ tên)' },
      ],
      recipients: ['Người lao động', 'Lưu hồ sơ'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Biên nhận ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});
