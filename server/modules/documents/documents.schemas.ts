import Joi from '../../shared/joi';

export const issueBody = Joi.object<{ template: string; subjectId: string }>({
  template: Joi.string()
    .pattern(/^[a-z_]{3,40}$/, 'mã mẫu')
    .required()
    .label('Mẫu văn bản'),
  subjectId: Joi.string()
    .pattern(/^[0-9A-Za-z:._-]{1,60}$/, 'mã đối tượng')
    .required()
    .label('Đối tượng'),
});

export const reasonBody = Joi.object<{ reason: string }>({
  reason: Joi.string().trim().min(5).max(500).required().label('Lý do'),
});

export const documentOut = Joi.object({
  id: Joi.number(),
  template: Joi.string(),
  label: Joi.string(),
  numberText: Joi.string(),
  status: Joi.string().valid('rendering', 'issued', 'revoked', 'superseded'),
  statusReason: Joi.string().allow(null),
  subjectType: Joi.string(),
  subjectId: Joi.string(),
  holderName: Joi.string().allow(null),
  issuedOn: Joi.string(),
  issuedAt: Joi.date(),
  verifyCode: Joi.string(),
  pdfSha256: Joi.string().allow(null),
  supersededById: Joi.number().allow(null),
  supersedesId: Joi.number().allow(null),
});

export const batchBody = Joi.object<{ template: string; subjectIds: string[] }>({
  template: Joi.string()
    .pattern(/^[a-z_]{3,40}$/, 'mã mẫu')
    .required()
    .label('Mẫu văn bản'),
  subjectIds: Joi.array()
    .items(Joi.string().pattern(/^\d{1,15}$/, 'mã hồ sơ'))
    .min(1)
    .max(500)
    .required()
    .label('Các hồ sơ'),
});

export const batchOut = Joi.object({
  id: Joi.number(),
  template: Joi.string(),
  label: Joi.string(),
  total: Joi.number(),
  done: Joi.number(),
  failed: Joi.number(),
  status: Joi.string().valid('queued', 'running', 'done'),
  errors: Joi.array().items(Joi.object({ subjectId: Joi.string(), message: Joi.string() })),
  percent: Joi.number(),
});
