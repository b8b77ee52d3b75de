// Inputs of the job exchange sessions and the counselling log (issue 22; DOMAIN.md §15.4), checked at the edge. The
// labels are the pages' words; the API documents itself from the same schemas.
import Joi from '../../shared/joi';
import type { CustomHelpers } from 'joi';
import { id, isoDate, pagination } from '../../shared/schemas';

export const SESSION_KINDS = ['fixed', 'mobile', 'online'] as const;
export const SESSION_KIND_LABELS: Record<string, string> = {
  fixed: 'Phiên cố định',
  mobile: 'Phiên lưu động (tại xã/phường)',
  online: 'Phiên trực tuyến',
};
export const SESSION_STATE_LABELS: Record<string, string> = {
  planned: 'Sắp diễn ra',
  held: 'Đã tổ chức',
  cancelled: 'Đã hủy',
};
export const TOPICS = ['job', 'policy', 'overseas'] as const;
export const TOPIC_LABELS: Record<string, string> = {
  job: 'Tư vấn việc làm',
  policy: 'Tư vấn chính sách',
  overseas: 'Tư vấn đi làm việc ở nước ngoài',
};
export const CHANNEL_LABELS: Record<string, string> = {
  staff: 'Trung tâm đăng ký',
  portal: 'Tự đăng ký trên cổng',
  walk_in: 'Đăng ký tại cửa',
};
export const ACTIVITY_LABELS: Record<string, string> = {
  counselling: 'Tư vấn',
  interview: 'Phỏng vấn',
  preselection: 'Sơ tuyển đạt',
  overseas_registration: 'Đăng ký đi làm việc ở nước ngoài',
  introduction: 'Giới thiệu việc làm',
};

const time = (label: string) =>
  Joi.string()
    .trim()
    .pattern(/^([01]?[0-9]|2[0-3])[:hH.]([0-5][0-9])$/, 'giờ (hh:mm, ví dụ 07:30)')
    .custom((v: string) => {
      const [, h, m] = /^([0-9]{1,2})[:hH.]([0-9]{2})$/.exec(v)!;
      return `${h.padStart(2, '0')}:${m}`;
    })
    .label(label);

export interface SessionInput {
  name: string;
  heldOn: string;
  startsAt: string;
  endsAt: string;
  kind: 'fixed' | 'mobile' | 'online';
  venue: string;
  communeCode?: string | null;
  note?: string | null;
}

const sessionFields = {
  name: Joi.string().trim().min(3).max(200).label('Tên phiên'),
  heldOn: isoDate({ maxYearsAhead: 2 }).label('Ngày tổ chức'),
  startsAt: time('Giờ bắt đầu'),
  endsAt: time('Giờ kết thúc'),
  kind: Joi.string()
    .valid(...SESSION_KINDS)
    .label('Hình thức')
    .meta({ labels: SESSION_KIND_LABELS }),
  venue: Joi.string()
    .trim()
    .min(3)
    .max(300)
    .label('Địa điểm')
    .description('Địa chỉ nơi tổ chức; phiên trực tuyến: đường dẫn hoặc nền tảng'),
  communeCode: Joi.string()
    .pattern(/^[0-9]{5}$/, 'mã xã')
    .allow(null)
    .label('Xã/phường')
    .description('Bắt buộc với phiên lưu động'),
  note: Joi.string().trim().max(2000).allow(null, '').label('Ghi chú'),
};

const endsAfterStart = (v: { startsAt?: string; endsAt?: string }, h: CustomHelpers) =>
  v.startsAt && v.endsAt && v.endsAt <= v.startsAt ? h.error('any.invalid', { label: 'Giờ kết thúc' }) : v;

export const createSessionBody = Joi.object<SessionInput>({
  ...sessionFields,
  name: sessionFields.name.required(),
  heldOn: sessionFields.heldOn.required(),
  startsAt: sessionFields.startsAt.required(),
  endsAt: sessionFields.endsAt.required(),
  kind: sessionFields.kind.required(),
  venue: sessionFields.venue.required(),
})
  .custom(endsAfterStart)
  .messages({ 'any.invalid': 'Giờ kết thúc phải sau giờ bắt đầu' });

export const updateSessionBody = Joi.object<Partial<SessionInput> & { expectedVersion: number }>({
  ...sessionFields,
  expectedVersion: Joi.number().integer().min(1).required().label('Phiên bản'),
})
  .custom(endsAfterStart)
  .messages({ 'any.invalid': 'Giờ kết thúc phải sau giờ bắt đầu' });

export const sessionActionBody = Joi.object<{ expectedVersion: number; reason?: string }>({
  expectedVersion: Joi.number().integer().min(1).required().label('Phiên bản'),
  reason: Joi.string().trim().max(500).allow('', null).label('Lý do'),
});

export const listSessionsQuery = Joi.object<{ when?: 'upcoming' | 'past'; page: number; pageSize: number }>({
  when: Joi.string().valid('upcoming', 'past').label('Thời gian'),
  ...pagination,
});

export const idParam = Joi.object<{ id: number }>({ id: id().required() });
export const regParams = Joi.object<{ id: number; regId: number }>({ id: id().required(), regId: id().required() });

const demand = (label: string) => Joi.number().integer().min(0).max(100_000).default(0).label(label);

export interface BoothInput {
  employerId?: number;
  senderAgencyId?: number;
  vacancyIds: number[];
  jobOrderIds: number[];
  boothLabel?: string | null;
  demandInProvince: number;
  demandOutOfProvince: number;
  demandAbroad: number;
}

export const boothBody = Joi.object<BoothInput>({
  employerId: id().label('Nhà tuyển dụng'),
  senderAgencyId: id().label('Doanh nghiệp, đơn vị đưa người lao động đi làm việc ở nước ngoài'),
  vacancyIds: Joi.array().items(id()).max(100).unique().default([]).label('Việc làm trống'),
  jobOrderIds: Joi.array().items(id()).max(100).unique().default([]).label('Đơn hàng'),
  boothLabel: Joi.string().trim().max(50).allow(null, '').label('Số gian'),
  demandInProvince: demand('Nhu cầu tuyển trong tỉnh'),
  demandOutOfProvince: demand('Nhu cầu tuyển ngoài tỉnh'),
  demandAbroad: demand('Nhu cầu tuyển đi làm việc ở nước ngoài'),
})
  .xor('employerId', 'senderAgencyId')
  .messages({
    'object.missing': 'Chọn một nhà tuyển dụng hoặc một doanh nghiệp đưa người lao động đi làm việc ở nước ngoài',
    'object.xor': 'Mỗi gian là của một nhà tuyển dụng hoặc một doanh nghiệp đưa đi, không cả hai',
  });

const cccd = () =>
  Joi.string()
    .trim()
    .pattern(/^[0-9]{12}$/, '12 chữ số')
    .label('Số CCCD');

export const registerBody = Joi.object<{ jobSeekerId?: number; cccd?: string }>({
  jobSeekerId: id().label('Người tìm việc'),
  cccd: cccd(),
})
  .xor('jobSeekerId', 'cccd')
  .messages({
    'object.missing': 'Chọn một người tìm việc hoặc nhập số CCCD',
    'object.xor': 'Chọn người tìm việc hoặc nhập số CCCD, không cả hai',
  });

export interface WalkInInput {
  cccd: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  phone?: string | null;
  provinceCode?: string | null;
  communeCode?: string | null;
  consentDate: string;
  consentFileId: number;
}

export const walkInBody = Joi.object<WalkInInput>({
  cccd: cccd().required(),
  // the worker registry's rule for names: letters of any script with their marks, spaces, ' . -
  fullName: Joi.string()
    .trim()
    .min(2)
    .max(200)
    .custom((v: string, h) =>
      /^[\p{L}\p{M}\s'.-]+$/u.test(v) ? v : h.error('string.pattern.name', { name: 'chữ cái' }),
    )
    .required()
    .label('Họ và tên'),
  dateOfBirth: isoDate({ max: 'today' }).required().label('Ngày sinh'),
  sex: Joi.string()
    .valid('male', 'female')
    .required()
    .label('Giới tính')
    .meta({ labels: { male: 'Nam', female: 'Nữ' } }),
  phone: Joi.string().trim().max(20).allow(null, '').label('Số điện thoại'),
  provinceCode: Joi.string()
    .pattern(/^[0-9]{2}$/, 'mã tỉnh')
    .allow(null)
    .label('Tỉnh/thành phố nơi thường trú'),
  communeCode: Joi.string()
    .pattern(/^[0-9]{5}$/, 'mã xã')
    .allow(null)
    .label('Xã/phường nơi thường trú'),
  consentDate: isoDate({ max: 'today' }).required().label('Ngày ký phiếu đồng ý'),
  consentFileId: id()
    .required()
    .label('Bản chụp phiếu đồng ý đã ký')
    .description('id of the scan of the signed consent (E1), uploaded first with POST /api/v1/files')
    .meta({ form: false }),
});

export const checkInBody = Joi.object<{ code?: string; cccd?: string; registrationId?: number; q?: string }>({
  code: Joi.string().trim().max(40).label('Mã vé'),
  cccd: cccd(),
  registrationId: id().label('Người đăng ký'),
  q: Joi.string().trim().min(1).max(100).label('Mã vé, số CCCD hoặc họ tên'),
})
  .oxor('code', 'cccd', 'registrationId', 'q')
  .or('code', 'cccd', 'registrationId', 'q')
  .messages({ 'object.missing': 'Nhập mã vé, số CCCD hoặc họ tên' });

export const searchQuery = Joi.object<{ q: string }>({
  q: Joi.string().trim().min(2).max(100).required().label('Họ tên'),
});

export type ActivityKind = 'counselling' | 'interview' | 'preselection' | 'overseas_registration' | 'introduction';
export interface ActivityInput {
  kind: ActivityKind;
  topic?: 'job' | 'policy' | 'overseas';
  boothId?: number;
  vacancyId?: number;
  origin?: 'person' | 'employer';
  note?: string | null;
}

export const activityBody = Joi.object<ActivityInput>({
  kind: Joi.string()
    .valid('counselling', 'interview', 'preselection', 'overseas_registration', 'introduction')
    .required()
    .label('Việc ghi nhận')
    .meta({ labels: ACTIVITY_LABELS }),
  topic: Joi.when('kind', {
    is: 'counselling',
    then: Joi.string()
      .valid(...TOPICS)
      .required(),
    otherwise: Joi.forbidden(),
  })
    .label('Nội dung tư vấn')
    .meta({ labels: TOPIC_LABELS }),
  boothId: Joi.when('kind', {
    is: Joi.valid('interview', 'preselection'),
    then: id().required(),
    otherwise: Joi.when('kind', { is: 'overseas_registration', then: id(), otherwise: Joi.forbidden() }),
  }).label('Gian tuyển dụng'),
  vacancyId: Joi.when('kind', { is: 'introduction', then: id().required(), otherwise: Joi.forbidden() }).label(
    'Việc làm trống',
  ),
  origin: Joi.when('kind', {
    is: 'introduction',
    then: Joi.string().valid('person', 'employer').default('person'),
    otherwise: Joi.forbidden(),
  }).label('Giới thiệu theo'),
  note: Joi.string().trim().max(1000).allow(null, '').label('Ghi chú'),
});

export interface CounsellingInput {
  subject: 'person' | 'employer';
  jobSeekerId?: number;
  cccd?: string;
  employerId?: number;
  topic: 'job' | 'policy' | 'overseas';
  counselledOn: string;
  note?: string | null;
}

export const counsellingBody = Joi.object<CounsellingInput>({
  subject: Joi.string()
    .valid('person', 'employer')
    .required()
    .label('Người được tư vấn')
    .meta({ labels: { person: 'Người lao động', employer: 'Người sử dụng lao động' } }),
  jobSeekerId: Joi.when('subject', { is: 'person', then: id(), otherwise: Joi.forbidden() }).label('Người tìm việc'),
  cccd: Joi.when('subject', { is: 'person', then: cccd(), otherwise: Joi.forbidden() }),
  employerId: Joi.when('subject', { is: 'employer', then: id().required(), otherwise: Joi.forbidden() }).label(
    'Nhà tuyển dụng',
  ),
  topic: Joi.when('subject', {
    is: 'employer',
    then: Joi.string().valid('job', 'policy'),
    otherwise: Joi.string().valid(...TOPICS),
  })
    .required()
    .label('Nội dung tư vấn')
    .meta({ labels: TOPIC_LABELS }),
  counselledOn: isoDate({ max: 'today', min: '2020-01-01' }).required().label('Ngày tư vấn'),
  note: Joi.string().trim().max(2000).allow(null, '').label('Ghi chú'),
})
  .oxor('jobSeekerId', 'cccd')
  .messages({ 'object.oxor': 'Chọn người tìm việc hoặc nhập số CCCD, không cả hai' });

export const counsellingListQuery = Joi.object<{ from?: string; to?: string; page: number; pageSize: number }>({
  from: isoDate().label('Từ ngày'),
  to: isoDate().label('Đến ngày'),
  ...pagination,
});
