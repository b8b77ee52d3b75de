// Joi at the edge of the reports' API and pages: periods, the draft's hand-entered lines, drill-downs, NJE batches.
import Joi from '../../shared/joi';
import { id, isoDate, pagination } from '../../shared/schemas';
import { LINE_KEYS } from './exchange-reports.lines';
import { REPORT_PERIODS, PERIOD_LABELS } from './exchange-reports.periods';
import { MANUAL_LINES } from './exchange-reports.service';
import { EXPORT_KINDS, EXPORT_KIND_LABELS } from './exchange-reports.nje';

export const idParam = Joi.object({ id: id().required() });

const year = () => Joi.number().integer().min(2021).max(2100).label('Năm báo cáo');
const period = () =>
  Joi.string()
    .valid(...REPORT_PERIODS)
    .label('Kỳ báo cáo')
    .meta({ labels: PERIOD_LABELS });

export const periodQuery = Joi.object<{ year: number; period: 'half' | 'annual'; centreId?: number }>({
  year: year().required(),
  period: period().required(),
  centreId: id().label('Trung tâm'),
});

export const drillQuery = Joi.object<{
  year: number;
  period: 'half' | 'annual';
  centreId?: number;
  line: string;
  column: 'current' | 'prior';
  page: number;
  pageSize: number;
}>({
  year: year().required(),
  period: period().required(),
  centreId: id().label('Trung tâm'),
  line: Joi.string()
    .valid(...LINE_KEYS)
    .required()
    .label('Dòng báo cáo'),
  column: Joi.string().valid('current', 'prior').default('current').label('Cột'),
  ...pagination,
  pageSize: Joi.number().integer().min(1).max(200).default(100),
});

export const listQuery = Joi.object<{ centreId?: number }>({ centreId: id().label('Trung tâm') });

export const createDraftBody = Joi.object<{ year: number; period: 'half' | 'annual' }>({
  year: year().required(),
  period: period().required(),
});

const count = (label: string) => Joi.number().integer().min(0).max(100_000_000).allow(null).label(label);
const PLAN_KEYS = [...LINE_KEYS.flatMap((k) => [k, `${k}+`]), ...MANUAL_LINES.map((m) => m.key)];

export const saveDraftBody = Joi.object<{
  expectedVersion: number;
  entered: {
    plan?: Record<string, number | null>;
    manual?: Record<string, { prior?: number | null; current?: number | null }>;
  };
  labourMarketInfo?: string | null;
}>({
  expectedVersion: Joi.number().integer().min(0).required().label('Phiên bản'),
  entered: Joi.object({
    plan: Joi.object(Object.fromEntries(PLAN_KEYS.map((k) => [k, count(`Kế hoạch dòng ${k}`)]))).label('Kế hoạch'),
    manual: Joi.object(
      Object.fromEntries(
        MANUAL_LINES.map((m) => [
          m.key,
          Joi.object({ prior: count(`Dòng ${m.key} kỳ trước`), current: count(`Dòng ${m.key} kỳ này`) }),
        ]),
      ),
    ).label('Các dòng nhập tay'),
  })
    .required()
    .label('Số liệu nhập tay'),
  labourMarketInfo: Joi.string().trim().max(5000).allow('', null).label('Thông tin thị trường lao động'),
});

export const issueBody = Joi.object<{ expectedVersion: number }>({
  expectedVersion: Joi.number().integer().min(0).required().label('Phiên bản'),
});

export const createExportBody = Joi.object<{ kind: (typeof EXPORT_KINDS)[number] }>({
  kind: Joi.string()
    .valid(...EXPORT_KINDS)
    .required()
    .label('Loại dữ liệu')
    .meta({ labels: EXPORT_KIND_LABELS }),
});

export const markSentBody = Joi.object<{ sentOn: string; reference: string; expectedVersion: number }>({
  sentOn: isoDate({ max: 'today' }).required().label('Ngày gửi lên Sàn'),
  reference: Joi.string().trim().min(2).max(100).required().label('Số tham chiếu của Sàn'),
  expectedVersion: Joi.number().integer().min(0).required().label('Phiên bản'),
});

export const formatQuery = Joi.object<{ format: 'csv' | 'xlsx' }>({
  format: Joi.string().valid('csv', 'xlsx').default('csv').label('Định dạng'),
});
