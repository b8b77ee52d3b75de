// Mẫu 06: the certificate of completing the orientation course (giáo dục định hướng), for a passed enrolment. It
// states its validity: 24 months from its date (R19, the policy value), for this sender, job and market.
import { formatDateVi, addMonths } from '../../../shared/dates';
import { ConflictError, NotFoundError } from '../../../shared/errors';
import { recordAccess } from '../../../shared/audit';
import { factsOf } from '../../../shared/registry';
import { placeAndDate } from '../../../shared/vi-words';
import { agencyLetterhead } from '../../agencies';
import { policiesAt } from '../../policies';
import { CATEGORY_LABELS } from '../../job-orders';
import { countryName, provinceName } from '../../reference';
import { defineTemplate } from '../documents.service';
import { issuerSymbol } from './common';

interface CertificateSnapshot {
  issuer: { name: string; province: string };
  worker: { fullName: string; dateOfBirth: string; cccd: string };
  course: { name: string; provider: string; periods: number; startsOn: string; endsOn: string };
  market: string | null;
  job: string | null;
  passedOn: string;
  validUntil: string;
  validityMonths: number;
  typedNumber: string | null;
}

export const orientationCertificateTemplate = defineTemplate<CertificateSnapshot>({
  id: 'orientation_certificate',
  version: 1,
  docType: 'CN',
  label: 'Giấy chứng nhận hoàn thành khóa học giáo dục định hướng',
  subjectType: 'enrolment',
  async collect(actor, subjectId, hint) {
    const id = /^\d{1,15}$/.test(subjectId) ? Number(subjectId) : 0;
    const f = await factsOf('training.certificate', { actor, enrolmentId: id });
    if (!f) throw new NotFoundError('Không tìm thấy ghi danh');
    if (f.kind !== 'orientation' || (f.result !== 'passed' && !(hint?.passingOn && f.result === 'enrolled')))
      throw new ConflictError('Chỉ cấp giấy chứng nhận cho học viên đạt khóa giáo dục định hướng');
    const passedOn = hint?.passingOn ?? f.certificateDate ?? f.endsOn;
    const months = Number((await policiesAt(passedOn)).require('orientation.validity').value);
    const agency = await agencyLetterhead(f.agencyId);
    await recordAccess(actor, 'worker.read', 'worker', f.workerId);
    return {
      snapshot: {
        issuer: {
          name: agency?.name ?? f.provider,
          province: (provinceName(agency?.provinceCode) || 'Hà Nội').replace(/^(Tỉnh|Thành phố)\s+/, ''),
        },
        worker: { fullName: f.workerName, dateOfBirth: f.dateOfBirth, cccd: f.cccd },
        course: {
          name: f.courseName,
          provider: f.provider,
          periods: f.periods,
          startsOn: f.startsOn,
          endsOn: f.endsOn,
        },
        market: f.market ? countryName(f.market) : null,
        job: f.jobCategory ? (CATEGORY_LABELS[f.jobCategory as keyof typeof CATEGORY_LABELS] ?? null) : null,
        passedOn,
        validUntil: addMonths(passedOn, months),
        validityMonths: months,
        typedNumber: f.certificateNumber,
      },
      agencyId: f.agencyId,
      workerId: f.workerId,
      holderName: f.workerName,
      issuerKey: `agency:${f.agencyId}`,
      issuerSymbol: issuerSymbol(agency?.name ?? 'DN'),
    };
  },
  build(s, meta) {
    return {
      issuer: { name: s.issuer.name },
      numberText: meta.numberText,
      placeDate: placeAndDate(s.issuer.province, meta.issuedOn),
      title: 'Giấy chứng nhận hoàn thành khóa học giáo dục định hướng',
      summary: '(Mẫu số 06 – Thông tư số 21/2021/TT-BLĐTBXH)',
      basis: [
        'Căn cứ Luật số 69/2020/QH14, Điều 65 về giáo dục định hướng cho người lao động trước khi đi làm việc ở nước ngoài.',
      ],
      blocks: [
        {
          kind: 'para',
          text: `Chứng nhận: ${s.worker.fullName}, sinh ngày ${formatDateVi(s.worker.dateOfBirth)}, số CCCD ${s.worker.cccd},`,
        },
        {
          kind: 'para',
          text: `đã hoàn thành khóa học «${s.course.name}» (${s.course.periods} tiết) tại ${s.course.provider}, từ ngày ${formatDateVi(s.course.startsOn)} đến ngày ${formatDateVi(s.course.endsOn)}, và đạt yêu cầu ngày ${formatDateVi(s.passedOn)}.`,
        },
        {
          kind: 'list',
          items: [
            `Thị trường: ${s.market ?? '—'}; ngành nghề: ${s.job ?? '—'}`,
            `Giấy chứng nhận có giá trị ${s.validityMonths} tháng, đến hết ngày ${formatDateVi(s.validUntil)} (R19).`,
            ...(s.typedNumber ? [`Số chứng chỉ đã ghi khi chấm kết quả: ${s.typedNumber}`] : []),
          ],
        },
      ],
      signatures: [{ title: 'Đại diện doanh nghiệp', name: s.issuer.name, note: '(Ký, ghi rõ họ tên, đóng dấu)' }],
      recipients: ['Người lao động', 'Lưu hồ sơ'],
      verify: { url: meta.verifyUrl, code: meta.verifyCode },
      meta: { title: `Giấy chứng nhận ${meta.numberText}`, issuedOn: meta.issuedOn },
    };
  },
});
