import Joi from '../../shared/joi';
import { id, isoDate } from '../../shared/schemas';
import { JOB_CATEGORIES } from '../job-orders';
import { COURSE_KINDS } from './training.model';

export interface CourseInput {
  kind: (typeof COURSE_KINDS)[number];
  name: string;
  provider: string;
  market?: string | null;
  jobCategory?: string | null;
  periods?: number;
  startsOn: string;
  endsOn: string;
}
export const createCourseBody = Joi.object<CourseInput>({
  kind: Joi.string()
    .valid(...COURSE_KINDS)
    .required()
    .label('Loại khóa học'),
  name: Joi.string().trim().min(3).max(300).required().label('Tên khóa học'),
  provider: Joi.string().trim().min(2).max(300).required().label('Cơ sở đào tạo'),
  market: Joi.string()
    .pattern(/^[A-Z]{2}$/, 'mã nước')
    .allow(null)
    .when('kind', { is: 'orientation', then: Joi.required().invalid(null) })
    .label('Thị trường'),
  jobCategory: Joi.string()
    .valid(...JOB_CATEGORIES)
    .allow(null)
    .label('Ngành nghề'),
  periods: Joi.number().integer().min(1).max(5000).label('Số tiết'),
  startsOn: isoDate().required().label('Ngày bắt đầu'),
  endsOn: isoDate().required().label('Ngày kết thúc'),
});

export const enrolBody = Joi.object<{ workerId: number; caseId?: number | null }>({
  workerId: id().required().label('Người lao động'),
  caseId: id().allow(null).label('Hồ sơ'),
});

export const attendanceBody = Joi.object<{ day: string; absentEnrolmentIds: number[] }>({
  day: isoDate({ max: 'today' }).required().label('Ngày học'),
  absentEnrolmentIds: Joi.array().items(id()).unique().default([]).label('Vắng mặt'),
});

export const resultBody = Joi.object<{
  result: 'passed' | 'failed' | 'dropped';
  certificateNumber?: string;
  certificateDate?: string;
}>({
  result: Joi.string().valid('passed', 'failed', 'dropped').required().label('Kết quả'),
  // for an orientation course both may be left empty: the certificate (Mẫu 06) is issued with the next number and
  // today's date; any other course's pass needs the provider's certificate number (the service says so)
  certificateNumber: Joi.string().trim().max(100).label('Số chứng chỉ'),
  certificateDate: isoDate({ max: 'today' }).label('Ngày cấp chứng chỉ'),
});

export const courseIdParams = Joi.object<{ id: number }>({ id: id().required() });

export const listCoursesQuery = Joi.object<{ q?: string }>({
  q: Joi.string().trim().max(100).allow('').label('Tên khóa học hoặc cơ sở đào tạo'),
});
