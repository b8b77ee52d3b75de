// Inputs of the job exchange, checked at the edge (and the source of the API's documentation and the pages' forms).
// Required fields are the starred fields of Decree 352/2025 Mẫu 01/01a, 03 and 03a (DOMAIN.md §15.7): each is
// refused when missing, in Vietnamese, beside its field.
import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import {
  GENERAL_EDUCATION,
  GENERAL_EDUCATION_LABELS,
  TECHNICAL_LEVELS,
  TECHNICAL_LEVEL_LABELS,
  WAGE_CODE_LABELS,
  WORKFORCE_BANDS,
} from '../../shared/labour-scales';
import {
  CONTRACT_TYPES,
  CONTRACT_TYPE_LABELS,
  EMPLOYER_KINDS,
  EMPLOYER_KIND_LABELS,
  EXPERIENCE,
  EXPERIENCE_LABELS,
  IT_LEVELS,
  IT_LEVEL_LABELS,
  LANGUAGES,
  LANGUAGE_LABELS,
  LANGUAGE_LEVELS,
  LANGUAGE_LEVEL_LABELS,
  OWNERSHIP,
  OWNERSHIP_LABELS,
  PRIORITY_GROUPS,
  PRIORITY_GROUP_LABELS,
  RECRUITMENT_MODES,
  RECRUITMENT_MODE_LABELS,
  SERVICES,
  SERVICE_LABELS,
  VACANCY_EDUCATION_LABELS,
  WAGE_KINDS,
  WAGE_KIND_LABELS,
} from './exchange.labels';
import { REFERRAL_STATES, VACANCY_STATES } from './exchange.model';

const text = (max: number, label: string) => Joi.string().trim().max(max).label(label);
const province = (label: string) =>
  Joi.string()
    .pattern(/^[0-9]{2}$/, 'mã tỉnh (2 chữ số)')
    .label(label);
const commune = (label: string) =>
  Joi.string()
    .pattern(/^[0-9]{5}$/, 'mã xã (5 chữ số)')
    .label(label);
const occupation = (label: string) =>
  Joi.string()
    .pattern(/^[0-9]{1,4}$/, 'mã nghề cấp 1–4 (1 đến 4 chữ số)')
    .label(label)
    .description('Mã nghề theo Quyết định 34/2020/QĐ-TTg, cấp 1 đến 4: gõ tên nghề để tìm mã');
const phone = (label: string) => Joi.string().trim().max(20).label(label);
const email = (label: string) => Joi.string().trim().lowercase().email({ tlds: false }).max(200).label(label);
const choice = (values: readonly string[], labels: Record<string, string>, label: string) =>
  Joi.string()
    .valid(...values)
    .label(label)
    .meta({ labels });
const choices = (values: readonly string[], labels: Record<string, string>, label: string, max = values.length) =>
  Joi.array()
    .items(Joi.string().valid(...values))
    .max(max)
    .unique()
    .label(label)
    .meta({ labels });
const wageBand = Joi.number()
  .integer()
  .min(1)
  .max(5)
  .label('Khoảng lương tháng')
  .description('Mã lương Mẫu 04: 1 dưới 5 triệu, 2 từ 5–10, 3 trên 10–20, 4 trên 20–50, 5 trên 50 triệu đồng')
  .meta({ labels: WAGE_CODE_LABELS });
const wageAmount = Joi.number()
  .integer()
  .min(1_000)
  .max(100_000_000)
  .label('Mức lương theo ngày hoặc giờ (đồng)')
  .meta({ unit: 'vnd' });

/** The wage of a job wanted or offered: a monthly band, a daily or hourly amount, negotiable, or commission. */
const wageFields = {
  wageKind: choice(WAGE_KINDS, WAGE_KIND_LABELS, 'Hình thức trả lương'),
  wageBand: wageBand.when('wageKind', {
    is: Joi.valid('band').required(),
    then: Joi.required().messages({ 'any.required': 'Chọn khoảng lương tháng' }),
    otherwise: Joi.forbidden().messages({ 'any.unknown': 'Chỉ chọn khoảng lương khi trả lương theo tháng' }),
  }),
  wageAmountVnd: wageAmount.when('wageKind', {
    is: Joi.valid('daily', 'hourly').required(),
    then: Joi.required().messages({ 'any.required': 'Nhập mức lương theo ngày hoặc theo giờ' }),
    otherwise: Joi.forbidden().messages({ 'any.unknown': 'Chỉ nhập mức lương khi trả theo ngày hoặc giờ' }),
  }),
};

/** The job wanted (Mẫu 01a), on a registration and an update. */
const jobWanted = {
  jobTitle: text(200, 'Vị trí, công việc mong muốn'),
  jobDescription: text(2000, 'Mô tả công việc mong muốn'),
  position: text(200, 'Chức vụ'),
  occupationCode: occupation('Mã nghề mong muốn'),
  experience: choice(EXPERIENCE, EXPERIENCE_LABELS, 'Kinh nghiệm làm việc'),
  province1: province('Nơi làm việc mong muốn 1: tỉnh/thành phố'),
  commune1: commune('Nơi làm việc mong muốn 1: xã/phường').allow(null),
  zone1: text(200, 'Nơi làm việc mong muốn 1: khu công nghiệp').allow(null),
  province2: province('Nơi làm việc mong muốn 2: tỉnh/thành phố').allow(null),
  commune2: commune('Nơi làm việc mong muốn 2: xã/phường').allow(null),
  zone2: text(200, 'Nơi làm việc mong muốn 2: khu công nghiệp').allow(null),
  contractType: choice(CONTRACT_TYPES, CONTRACT_TYPE_LABELS, 'Loại hợp đồng mong muốn').allow(null),
  fullTime: Joi.boolean().label('Làm toàn thời gian'),
  ...wageFields,
  benefits: text(1000, 'Chế độ phúc lợi mong muốn').allow(null),
  conditions: text(1000, 'Điều kiện làm việc (mang vác, đứng, thị lực, dùng một hay hai tay…)').allow(null),
  availableAfterMonths: Joi.number()
    .integer()
    .min(0)
    .max(24)
    .label('Có thể làm việc sau (tháng)')
    .description('0: sẵn sàng làm việc ngay'),
  recruitmentMode: choice(RECRUITMENT_MODES, RECRUITMENT_MODE_LABELS, 'Hình thức tuyển dụng mong muốn'),
  wantsAbroad: Joi.boolean().label('Muốn làm việc ở nước ngoài'),
};

const profileFields = {
  priorityGroups: choices(PRIORITY_GROUPS, PRIORITY_GROUP_LABELS, 'Thuộc nhóm ưu tiên (người lao động tự khai)'),
  trainingField: text(200, 'Chuyên ngành đào tạo').allow(null),
  skillCertificate: text(200, 'Chứng chỉ kỹ năng nghề quốc gia (bậc)').allow(null),
  languages: Joi.array()
    .items(
      Joi.object({
        code: choice(LANGUAGES, LANGUAGE_LABELS, 'Ngoại ngữ').required(),
        level: choice(LANGUAGE_LEVELS, LANGUAGE_LEVEL_LABELS, 'Trình độ').required(),
      }),
    )
    .max(2)
    .unique('code')
    .label('Ngoại ngữ')
    .meta({ rows: 2 }),
  itLevel: choice(IT_LEVELS, IT_LEVEL_LABELS, 'Tin học').allow(null),
  softSkills: text(500, 'Kỹ năng mềm').allow(null),
  workHistory: Joi.array()
    .items(
      Joi.object({
        employer: text(200, 'Nơi làm việc').required(),
        position: text(200, 'Công việc, vị trí').required(),
        years: text(50, 'Thời gian (năm)'),
      }),
    )
    .max(3)
    .label('Quá trình làm việc')
    .meta({ rows: 3 }),
  workedAbroadIn: Joi.string()
    .pattern(/^[A-Z]{2}$/, 'mã nước (2 chữ cái)')
    .allow(null)
    .label('Đã từng làm việc ở nước ngoài, tại'),
};

/** The person's facts the form asks, stored once on the worker record (Mẫu 01). */
const personFields = {
  generalEducation: choice(GENERAL_EDUCATION, GENERAL_EDUCATION_LABELS, 'Trình độ giáo dục phổ thông'),
  technicalLevel: choice(TECHNICAL_LEVELS, TECHNICAL_LEVEL_LABELS, 'Trình độ chuyên môn kỹ thuật'),
  currentAddress: text(300, 'Nơi ở hiện tại'),
};

export interface JobSeekerInput {
  cccd: string;
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  ethnicity: string;
  provinceCode: string;
  communeCode: string;
  street: string;
  currentAddress: string;
  phone: string;
  email?: string | null;
  generalEducation: string;
  technicalLevel: string;
  priorityGroups?: string[];
  trainingField?: string | null;
  skillCertificate?: string | null;
  languages?: { code: string; level: string }[];
  itLevel?: string | null;
  softSkills?: string | null;
  workHistory?: { employer: string; position: string; years?: string }[];
  workedAbroadIn?: string | null;
  jobTitle: string;
  jobDescription: string;
  position: string;
  occupationCode: string;
  experience: string;
  province1: string;
  commune1?: string | null;
  zone1?: string | null;
  province2?: string | null;
  commune2?: string | null;
  zone2?: string | null;
  contractType?: string | null;
  fullTime?: boolean;
  wageKind: string;
  wageBand?: number;
  wageAmountVnd?: number;
  benefits?: string | null;
  conditions?: string | null;
  availableAfterMonths: number;
  recruitmentMode: string;
  wantsAbroad?: boolean;
  consentDate: string;
  consentFileId?: number;
}

/** Mẫu 01 + 01a: a registration at the centre (the consent clause's scan) or by the worker herself in the portal. */
export const registerJobSeekerBody = Joi.object<JobSeekerInput>({
  cccd: Joi.string()
    .trim()
    .pattern(/^[0-9]{12}$/, 'số CCCD 12 chữ số')
    .required()
    .label('Số CCCD'),
  fullName: Joi.string().trim().min(2).max(200).required().label('Họ và tên'),
  dateOfBirth: isoDate({ max: 'today' }).required().label('Ngày sinh'),
  sex: choice(['male', 'female'], { male: 'Nam', female: 'Nữ' }, 'Giới tính').required(),
  ethnicity: text(50, 'Dân tộc').required(),
  provinceCode: province('Nơi thường trú: tỉnh/thành phố').required(),
  communeCode: commune('Nơi thường trú: xã/phường').required(),
  street: text(300, 'Nơi thường trú: số nhà, thôn, đường').required(),
  currentAddress: personFields.currentAddress.required(),
  phone: phone('Số điện thoại').required(),
  email: email('Thư điện tử').allow(null),
  generalEducation: personFields.generalEducation.required(),
  technicalLevel: personFields.technicalLevel.required(),
  ...profileFields,
  jobTitle: jobWanted.jobTitle.required(),
  jobDescription: jobWanted.jobDescription.required(),
  position: jobWanted.position.required(),
  occupationCode: jobWanted.occupationCode.required(),
  experience: jobWanted.experience.default('none'),
  province1: jobWanted.province1.required(),
  commune1: jobWanted.commune1,
  zone1: jobWanted.zone1,
  province2: jobWanted.province2,
  commune2: jobWanted.commune2,
  zone2: jobWanted.zone2,
  contractType: jobWanted.contractType,
  fullTime: jobWanted.fullTime.default(true),
  wageKind: jobWanted.wageKind.required(),
  wageBand: jobWanted.wageBand,
  wageAmountVnd: jobWanted.wageAmountVnd,
  benefits: jobWanted.benefits,
  conditions: jobWanted.conditions,
  availableAfterMonths: jobWanted.availableAfterMonths.required(),
  recruitmentMode: jobWanted.recruitmentMode.required(),
  wantsAbroad: jobWanted.wantsAbroad.default(false),
  consentDate: isoDate({ max: 'today' })
    .required()
    .label('Ngày ký điều khoản đồng ý')
    .description('Điều khoản đồng ý sử dụng dữ liệu để tư vấn, giới thiệu, kết nối việc làm (Mẫu 01)'),
  consentFileId: id().label('Bản chụp điều khoản đồng ý đã ký').meta({ form: false }),
});

/** Changes to a profile (the centre that holds it, or the worker in the portal): the job wanted and the profile. */
export const updateJobSeekerBody = Joi.object<Partial<JobSeekerInput>>({
  generalEducation: personFields.generalEducation,
  technicalLevel: personFields.technicalLevel,
  currentAddress: personFields.currentAddress,
  phone: phone('Số điện thoại'),
  ...profileFields,
  ...jobWanted,
})
  .min(1)
  // a wage is changed whole: its kind with its band or amount
  .with('wageBand', 'wageKind')
  .with('wageAmountVnd', 'wageKind');

export const withdrawConsentBody = Joi.object<{ withdrawnOn: string; reason?: string }>({
  withdrawnOn: isoDate({ max: 'today' }).required().label('Ngày rút lại sự đồng ý'),
  reason: text(500, 'Ghi chú').allow(null),
});

export interface EmployerInput {
  kind: string;
  name: string;
  enterpriseCode?: string;
  personalId?: string;
  ownership: string;
  provinceCode: string;
  communeCode: string;
  address: string;
  industrialZone?: string | null;
  phone: string;
  email: string;
  sectorCode: string;
  mainProduct: string;
  workforceBand: number;
  hiringNext6Months?: number | null;
  servicesWanted?: string[];
  representative: string;
}

const employerFields = {
  kind: choice(EMPLOYER_KINDS, EMPLOYER_KIND_LABELS, 'Loại người sử dụng lao động'),
  name: Joi.string().trim().min(2).max(300).label('Tên người sử dụng lao động'),
  enterpriseCode: Joi.string()
    .trim()
    .pattern(/^[0-9]{10}(-[0-9]{3})?$/, 'mã số doanh nghiệp hoặc mã số thuế (10 hoặc 13 chữ số)')
    .label('Mã số doanh nghiệp / mã số thuế')
    .description('Bắt buộc với doanh nghiệp, tổ chức; để trống khi là cá nhân'),
  personalId: Joi.string()
    .trim()
    .pattern(/^[0-9]{12}$/, 'số định danh cá nhân 12 chữ số')
    .label('Số định danh cá nhân')
    .description('Chỉ với cá nhân, hộ kinh doanh; để trống khi là doanh nghiệp'),
  ownership: choice(OWNERSHIP, OWNERSHIP_LABELS, 'Loại hình sở hữu'),
  provinceCode: province('Địa chỉ: tỉnh/thành phố'),
  communeCode: commune('Địa chỉ: xã/phường'),
  address: text(300, 'Địa chỉ: số nhà, đường'),
  industrialZone: text(200, 'Khu công nghiệp, khu chế xuất').allow(null),
  phone: phone('Số điện thoại'),
  email: email('Thư điện tử'),
  sectorCode: Joi.string()
    .pattern(/^[A-U]$/, 'ngành kinh tế (A–U)')
    .label('Ngành kinh tế chính')
    .description('21 ngành cấp 1 theo Hệ thống ngành kinh tế Việt Nam (VSIC 2018)'),
  mainProduct: text(300, 'Sản phẩm, dịch vụ chính'),
  workforceBand: Joi.number().integer().min(1).max(9).label('Quy mô lao động').meta({ labels: WORKFORCE_BANDS }),
  hiringNext6Months: Joi.number().integer().min(0).max(1_000_000).allow(null).label('Nhu cầu tuyển trong 6 tháng tới'),
  servicesWanted: choices(SERVICES, SERVICE_LABELS, 'Dịch vụ đề nghị trung tâm hỗ trợ'),
  representative: text(200, 'Người đại diện'),
};

/** Mẫu 03: an employer, by its enterprise (tax) code, or an individual by the personal ID. */
export const createEmployerBody = Joi.object<EmployerInput>({
  kind: employerFields.kind.required(),
  name: employerFields.name.required(),
  enterpriseCode: employerFields.enterpriseCode.when('kind', {
    is: 'enterprise',
    then: Joi.required().messages({ 'any.required': 'Doanh nghiệp cần mã số doanh nghiệp hoặc mã số thuế' }),
    otherwise: Joi.forbidden(),
  }),
  personalId: employerFields.personalId.when('kind', {
    is: 'individual',
    then: Joi.required().messages({ 'any.required': 'Cá nhân cần số định danh cá nhân' }),
    otherwise: Joi.forbidden(),
  }),
  ownership: employerFields.ownership.required(),
  provinceCode: employerFields.provinceCode.required(),
  communeCode: employerFields.communeCode.required(),
  address: employerFields.address.required(),
  industrialZone: employerFields.industrialZone,
  phone: employerFields.phone.required(),
  email: employerFields.email.required(),
  sectorCode: employerFields.sectorCode.required(),
  mainProduct: employerFields.mainProduct.required(),
  workforceBand: employerFields.workforceBand.required(),
  hiringNext6Months: employerFields.hiringNext6Months,
  servicesWanted: employerFields.servicesWanted,
  representative: employerFields.representative.required(),
});

export const updateEmployerBody = Joi.object<Partial<EmployerInput>>({
  name: employerFields.name,
  ownership: employerFields.ownership,
  provinceCode: employerFields.provinceCode,
  communeCode: employerFields.communeCode,
  address: employerFields.address,
  industrialZone: employerFields.industrialZone,
  phone: employerFields.phone,
  email: employerFields.email,
  sectorCode: employerFields.sectorCode,
  mainProduct: employerFields.mainProduct,
  workforceBand: employerFields.workforceBand,
  hiringNext6Months: employerFields.hiringNext6Months,
  servicesWanted: employerFields.servicesWanted,
  representative: employerFields.representative,
}).min(1);

export interface VacancyInput {
  employerId: number;
  title: string;
  numberToHire: number;
  description: string;
  position: string;
  occupationCode: string;
  generalEducation: string;
  technicalLevel: string;
  skills?: string | null;
  languagesRequired?: string[];
  experience?: string;
  provinceCode: string;
  communeCode: string;
  industrialZone?: string | null;
  contractType?: string | null;
  fullTime: boolean;
  wageKind: string;
  wageBand?: number;
  wageAmountVnd?: number;
  benefits: string;
  conditions: string;
  priorityGroups?: string[];
  recruitmentMode: string;
  deadline: string;
  services?: string[];
  contactName: string;
  contactPhone: string;
  contactEmail?: string | null;
  contactOptIn?: boolean;
}

/** Mẫu 03a: a vacancy of an employer the centre registered. */
export const createVacancyBody = Joi.object<VacancyInput>({
  employerId: id().required().label('Người sử dụng lao động'),
  title: text(200, 'Tên vị trí việc làm').required(),
  numberToHire: Joi.number().integer().min(1).max(100_000).required().label('Số lượng cần tuyển'),
  description: text(2000, 'Mô tả công việc').required(),
  position: text(200, 'Chức vụ').required(),
  occupationCode: occupation('Mã nghề').required(),
  generalEducation: choice(
    ['none', ...GENERAL_EDUCATION],
    VACANCY_EDUCATION_LABELS,
    'Yêu cầu trình độ giáo dục phổ thông',
  ).required(),
  technicalLevel: choice(
    TECHNICAL_LEVELS,
    { ...TECHNICAL_LEVEL_LABELS, untrained: 'Không yêu cầu (chưa qua đào tạo)' },
    'Yêu cầu trình độ chuyên môn kỹ thuật',
  ).required(),
  skills: text(1000, 'Kỹ năng cần có').allow(null),
  languagesRequired: choices(LANGUAGES, LANGUAGE_LABELS, 'Ngoại ngữ bắt buộc', 3),
  experience: choice(EXPERIENCE, EXPERIENCE_LABELS, 'Kinh nghiệm yêu cầu').default('none'),
  provinceCode: province('Nơi làm việc: tỉnh/thành phố').required(),
  communeCode: commune('Nơi làm việc: xã/phường').required(),
  industrialZone: text(200, 'Nơi làm việc: khu công nghiệp').allow(null),
  contractType: choice(CONTRACT_TYPES, CONTRACT_TYPE_LABELS, 'Loại hợp đồng').allow(null),
  fullTime: Joi.boolean().required().label('Làm toàn thời gian'),
  wageKind: wageFields.wageKind.required(),
  wageBand: wageFields.wageBand,
  wageAmountVnd: wageFields.wageAmountVnd,
  benefits: text(1000, 'Chế độ phúc lợi').required(),
  conditions: text(1000, 'Điều kiện làm việc').required(),
  priorityGroups: choices(PRIORITY_GROUPS, PRIORITY_GROUP_LABELS, 'Ưu tiên tuyển'),
  recruitmentMode: choice(RECRUITMENT_MODES, RECRUITMENT_MODE_LABELS, 'Hình thức tuyển').required(),
  deadline: isoDate({ min: 'today', maxYearsAhead: 2 }).required().label('Hạn tuyển dụng'),
  services: choices(SERVICES, SERVICE_LABELS, 'Dịch vụ đề nghị trung tâm'),
  contactName: text(200, 'Người liên hệ').required(),
  contactPhone: phone('Điện thoại người liên hệ').required(),
  contactEmail: email('Thư điện tử người liên hệ').allow(null),
  contactOptIn: Joi.boolean().label('Người liên hệ đồng ý nhận tin nhắn, thư điện tử').default(false),
});

export const idParam = Joi.object({ id: id().required() });

export const listQuery = Joi.object<{ q?: string; status?: string; page: number; pageSize: number }>({
  q: Joi.string().trim().max(100).allow('').label('Tìm'),
  status: Joi.string().valid('active', 'inactive', 'withdrawn').label('Tình trạng'),
  ...pagination,
});

export const vacancyListQuery = Joi.object<{
  q?: string;
  state?: string;
  mine?: boolean;
  page: number;
  pageSize: number;
}>({
  q: Joi.string().trim().max(100).allow('').label('Tìm'),
  state: Joi.string()
    .valid(...VACANCY_STATES)
    .label('Trạng thái'),
  mine: Joi.boolean().label('Chỉ việc làm của trung tâm mình'),
  ...pagination,
});

export const referralListQuery = Joi.object<{ state?: string; page: number; pageSize: number }>({
  state: Joi.string()
    .valid(...REFERRAL_STATES)
    .label('Trạng thái'),
  ...pagination,
});

export const introduceBody = Joi.object<{ jobSeekerId: number; vacancyId: number; origin: 'person' | 'employer' }>({
  jobSeekerId: id().required().label('Người tìm việc'),
  vacancyId: id().required().label('Việc làm trống'),
  origin: choice(
    ['person', 'employer'],
    { person: 'Theo đề nghị của người lao động', employer: 'Theo yêu cầu của người sử dụng lao động' },
    'Giới thiệu theo',
  ).required(),
});

export const requestIntroductionBody = Joi.object<{ jobSeekerId: number; vacancyId: number; note?: string }>({
  jobSeekerId: id().required().label('Người tìm việc'),
  vacancyId: id().required().label('Việc làm trống'),
  note: text(500, 'Lời nhắn').allow(null),
});

export const portalRequestBody = Joi.object<{ vacancyId: number; note?: string }>({
  vacancyId: id().required().label('Việc làm trống'),
  note: text(500, 'Lời nhắn cho trung tâm').allow(null),
});

export const decideRequestBody = Joi.object<{ decision: 'accept' | 'decline'; note?: string }>({
  decision: Joi.string().valid('accept', 'decline').required().label('Quyết định'),
  note: text(500, 'Ghi chú').allow(null),
});

export const weightsBody = Joi.object<Record<string, number>>()
  .pattern(/^[a-z0-9_]+$/, Joi.number().integer().min(0).max(100))
  .min(1)
  .max(20);

export const transitionBody = Joi.object<{
  action: string;
  input?: Record<string, unknown>;
  expectedVersion: number;
}>({
  action: Joi.string()
    .pattern(/^[a-z_]{2,40}$/)
    .required(),
  input: Joi.object().unknown(true).default({}),
  expectedVersion: Joi.number().integer().min(0).required(),
});

/** A worker registers herself in the portal: the centre she chooses, her own dated consent (E1), the job wanted. */
export const portalRegisterBody = Joi.object<Partial<JobSeekerInput> & { centreId: number; consent: boolean }>({
  centreId: id().required().label('Trung tâm dịch vụ việc làm'),
  generalEducation: personFields.generalEducation.required(),
  technicalLevel: personFields.technicalLevel.required(),
  phone: phone('Số điện thoại'),
  currentAddress: personFields.currentAddress.required(),
  jobTitle: jobWanted.jobTitle.required(),
  jobDescription: jobWanted.jobDescription.required(),
  position: jobWanted.position.required(),
  occupationCode: jobWanted.occupationCode.required(),
  experience: jobWanted.experience.default('none'),
  province1: jobWanted.province1.required(),
  commune1: jobWanted.commune1,
  province2: jobWanted.province2,
  commune2: jobWanted.commune2,
  fullTime: jobWanted.fullTime.default(true),
  wageKind: jobWanted.wageKind.required(),
  wageBand: jobWanted.wageBand,
  wageAmountVnd: jobWanted.wageAmountVnd,
  availableAfterMonths: jobWanted.availableAfterMonths.required(),
  recruitmentMode: jobWanted.recruitmentMode.required(),
  wantsAbroad: jobWanted.wantsAbroad.default(false),
  priorityGroups: profileFields.priorityGroups,
  languages: profileFields.languages,
  consent: Joi.boolean()
    .valid(true)
    .required()
    .label(
      'Tôi đồng ý cho trung tâm đã chọn sử dụng thông tin của tôi để tư vấn, giới thiệu và kết nối việc làm; tôi có thể rút lại sự đồng ý bất cứ lúc nào',
    )
    .messages({
      'any.only': 'Cần đánh dấu đồng ý để trung tâm giới thiệu việc làm cho bạn',
      'any.required': 'Cần đánh dấu đồng ý để trung tâm giới thiệu việc làm cho bạn',
    }),
});
