// Inputs of the overseas hand-off (Decree 352 Art 7.1.b), checked at the edge: the API's documentation and the
// pages' forms come from them.
import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import { REFERRAL_STATES } from './exchange.model';

export const CONSENT_VIA_LABELS = {
  scan: 'Bản chụp phiếu đồng ý đã ký (tải lên kèm quyết định)',
  portal: 'Người lao động tự đồng ý trên cổng thông tin (có ghi ngày)',
};

export const referAbroadBody = Joi.object<{
  jobSeekerId: number;
  jobOrderId: number;
  origin: 'person';
  note?: string | null;
}>({
  jobSeekerId: id().required().label('Người tìm việc'),
  jobOrderId: id().required().label('Đơn hàng đi làm việc ở nước ngoài'),
  // she asks for the overseas job herself (Decree 352 Art 7.1.b): the only origin of an overseas referral
  origin: Joi.string()
    .valid('person')
    .required()
    .label('Giới thiệu theo')
    .meta({ labels: { person: 'Theo đề nghị của người lao động' } }),
  note: Joi.string().trim().max(500).allow('', null).label('Ghi chú cho doanh nghiệp'),
});

export const handoffListQuery = Joi.object<{ state?: string; waiting?: boolean; page: number; pageSize: number }>({
  state: Joi.string()
    .valid(...REFERRAL_STATES)
    .label('Trạng thái'),
  waiting: Joi.boolean().label('Chỉ những giới thiệu đang chờ trả lời'),
  ...pagination,
});

export const acceptHandoffBody = Joi.object<{
  consentVia: 'scan' | 'portal';
  consentFileId?: number;
  consentDate?: string;
}>({
  consentVia: Joi.string()
    .valid('scan', 'portal')
    .required()
    .label('Bằng chứng người lao động đồng ý liên kết với doanh nghiệp')
    .meta({ labels: CONSENT_VIA_LABELS }),
  consentFileId: id()
    .label('Bản chụp phiếu đồng ý')
    .when('consentVia', { is: 'scan', then: Joi.required() })
    .meta({ form: false }),
  consentDate: isoDate({ max: 'today' })
    .label('Ngày người lao động ký đồng ý')
    .when('consentVia', { is: 'scan', then: Joi.required() }),
});

export const declineHandoffBody = Joi.object<{ reason: string }>({
  reason: Joi.string().trim().min(5).max(500).required().label('Lý do không tiếp nhận'),
});

export const decideHandoffRequestBody = Joi.object<{ decision: 'refer' | 'decline'; note?: string | null }>({
  decision: Joi.string()
    .valid('refer', 'decline')
    .required()
    .label('Quyết định')
    .meta({ labels: { refer: 'Giới thiệu tới doanh nghiệp', decline: 'Không giới thiệu' } }),
  note: Joi.string().trim().max(500).allow('', null).label('Ghi chú'),
});

export const portalHandoffRequestBody = Joi.object<{ jobOrderId: number; consent: boolean; note?: string | null }>({
  jobOrderId: id().required().label('Đơn hàng'),
  consent: Joi.boolean()
    .valid(true)
    .required()
    .label('Tôi đồng ý để trung tâm chuyển thông tin của tôi cho doanh nghiệp đưa đi'),
  note: Joi.string().trim().max(500).allow('', null).label('Lời nhắn cho trung tâm'),
});
