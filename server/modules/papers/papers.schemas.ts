import Joi from '../../shared/joi';
import { id, isoDate } from '../../shared/schemas';
import { JOB_CATEGORIES } from '../job-orders';
import {
  CASE_PAPER_KINDS,
  PAPER_KINDS,
  WORKER_PAPER_KINDS,
  type CasePaperKind,
  type WorkerPaperKind,
} from './papers.model';

export interface PaperFields {
  number: string;
  issuingBody: string;
  issuedOn: string;
  expiresOn?: string | null;
}
export interface WorkerPaperInput extends PaperFields {
  kind: WorkerPaperKind;
  market?: string;
  jobCategory?: string;
}
export interface CasePaperInput extends PaperFields {
  kind: CasePaperKind;
}

const common = {
  number: Joi.string().trim().min(1).max(50).required().label('Số giấy tờ'),
  issuingBody: Joi.string().trim().min(2).max(200).required().label('Cơ quan cấp'),
  issuedOn: isoDate({ max: 'today' }).required().label('Ngày cấp'),
};

// A criminal-record certificate states no expiry; every other paper has one.
export const workerPaperBody = Joi.object<WorkerPaperInput>({
  kind: Joi.string()
    .valid(...WORKER_PAPER_KINDS)
    .required()
    .label('Loại giấy tờ'),
  ...common,
  // a criminal record may have no term; an orientation certificate's validity is computed from its issue date
  // (R19: the policy's 24 months, whatever is typed), so neither needs one typed
  expiresOn: Joi.when('kind', {
    is: Joi.valid('criminal_record', 'orientation_certificate'),
    then: isoDate().allow(null),
    otherwise: isoDate().required(),
  }).label('Ngày hết hạn'),
  // required for an orientation certificate (issued for one sender, job and market, R19), ignored for the others:
  // the service judges that, so the OpenAPI schema stays plain
  market: Joi.string()
    .trim()
    .uppercase()
    .pattern(/^[A-Z]{2}$/, 'mã nước')
    .label('Thị trường'),
  jobCategory: Joi.string()
    .valid(...JOB_CATEGORIES)
    .label('Ngành nghề'),
});

export const casePaperBody = Joi.object<CasePaperInput>({
  kind: Joi.string()
    .valid(...CASE_PAPER_KINDS)
    .required()
    .label('Loại giấy tờ'),
  ...common,
  expiresOn: isoDate().required().label('Ngày hết hạn'),
});

export const idParams = Joi.object<{ id: number }>({ id: id().required() });

export const paperOut = Joi.object({
  id: Joi.number(),
  kind: Joi.string().valid(...PAPER_KINDS),
  label: Joi.string(),
  workerId: Joi.number(),
  caseId: Joi.number().allow(null),
  number: Joi.string(),
  issuingBody: Joi.string().allow(null),
  issuedOn: Joi.string(),
  expiresOn: Joi.string().allow(null),
  senderAgencyId: Joi.number().allow(null),
  market: Joi.string().allow(null),
  jobCategory: Joi.string().allow(null),
  scan: Joi.object({
    mime: Joi.string(),
    size: Joi.number(),
    sha256: Joi.string(),
    name: Joi.string(),
    url: Joi.string(),
  }).allow(null),
});

/** Staff's review of a paper a worker sent: accept with what they read off it, or return with a reason. */
export const reviewBody = Joi.object<{
  decision: 'accept' | 'return';
  number?: string;
  issuingBody?: string;
  issuedOn?: string;
  expiresOn?: string | null;
  reason?: string;
}>({
  decision: Joi.string().valid('accept', 'return').required().label('Quyết định'),
  number: Joi.when('decision', { is: 'accept', then: common.number, otherwise: Joi.forbidden() }),
  issuingBody: Joi.when('decision', { is: 'accept', then: common.issuingBody, otherwise: Joi.forbidden() }),
  issuedOn: Joi.when('decision', { is: 'accept', then: common.issuedOn, otherwise: Joi.forbidden() }),
  expiresOn: Joi.when('decision', { is: 'accept', then: isoDate().allow(null), otherwise: Joi.forbidden() }).label(
    'Ngày hết hạn',
  ),
  reason: Joi.when('decision', {
    is: 'return',
    then: Joi.string().trim().min(3).max(500).required(),
    otherwise: Joi.forbidden(),
  }).label('Lý do trả lại'),
});
