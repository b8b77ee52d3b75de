// Joi at the edge of programme results: the API and the pages read the same schemas (the target and procurement
// forms are generated from them: labels, words for codes, required marks).
import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import {
  DASHBOARD_GROUPS,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  GROUP_LABELS,
  PROCUREMENT_LABELS,
  PROCUREMENT_MODES,
  TARGET_LABELS,
} from './programme.labels';

const year = () => Joi.number().integer().min(2021).max(2100).label('Năm');
const province = () =>
  Joi.string()
    .pattern(/^[0-9]{2}$/)
    .label('Tỉnh, thành phố');

export const dashboardQuery = Joi.object<{ year?: number; provinceCode?: string }>({
  year: year(),
  provinceCode: province(),
});

export const outputsQuery = Joi.object<{
  provinceCode?: string;
  year?: number;
  month?: number;
  group?: (typeof DASHBOARD_GROUPS)[number];
  abroad?: boolean;
  fundingSource?: (typeof FUNDING_SOURCES)[number];
  page: number;
  pageSize: number;
}>({
  provinceCode: province(),
  year: year(),
  month: Joi.number().integer().min(1).max(12).label('Tháng'),
  group: Joi.string()
    .valid(...DASHBOARD_GROUPS)
    .label('Nhóm')
    .meta({ labels: GROUP_LABELS }),
  abroad: Joi.boolean().label('Đi làm việc ở nước ngoài'),
  fundingSource: Joi.string()
    .valid(...FUNDING_SOURCES)
    .label('Nguồn kinh phí')
    .meta({ labels: FUNDING_LABELS }),
  ...pagination,
});

const target = (label: string) => Joi.number().integer().min(0).max(10_000_000).allow(null).label(label);

/** The province's targets for a year: a number sets a target, null clears it, a key left out stays as it was. */
export const targetsBody = Joi.object<{
  year: number;
  provinceCode?: string;
  outputs?: number | null;
  outputsHousehold?: number | null;
  outputsAbroad?: number | null;
  sessions?: number | null;
}>({
  year: year().required(),
  provinceCode: province(),
  outputs: target(TARGET_LABELS.outputs),
  outputsHousehold: target(TARGET_LABELS.outputs_household),
  outputsAbroad: target(TARGET_LABELS.outputs_abroad),
  sessions: target(TARGET_LABELS.sessions),
});

/** The form's fields (the year is the page's): each target a number, empty for none. */
export const targetsForm = Joi.object({
  outputs: target(TARGET_LABELS.outputs),
  outputsHousehold: target(TARGET_LABELS.outputs_household),
  outputsAbroad: target(TARGET_LABELS.outputs_abroad),
  sessions: target(TARGET_LABELS.sessions),
});

export const procurementBody = Joi.object<{
  centreId: number;
  mode: (typeof PROCUREMENT_MODES)[number];
  validFrom: string;
  validTo?: string | null;
  reference?: string | null;
}>({
  centreId: id().required().label('Trung tâm dịch vụ việc làm'),
  mode: Joi.string()
    .valid(...PROCUREMENT_MODES)
    .required()
    .label('Hình thức')
    .meta({ labels: PROCUREMENT_LABELS }),
  validFrom: isoDate({ min: '2021-01-01' }).required().label('Áp dụng từ ngày'),
  validTo: isoDate({ min: '2021-01-01' })
    .allow(null)
    .label('Đến ngày')
    .description('Để trống nếu chưa có ngày kết thúc'),
  reference: Joi.string()
    .trim()
    .max(200)
    .allow(null, '')
    .empty('')
    .label('Số quyết định, hợp đồng')
    .description('Quyết định đặt hàng, giao nhiệm vụ hoặc hợp đồng sau đấu thầu'),
});
