import Joi from '../../shared/joi';
import { id } from '../../shared/schemas';
import { REGIONS } from './reference.model';
import { MAX_OCCUPATION_CSV_CHARS, MAX_OCCUPATION_LEVEL, SEARCH_LIMIT_MAX } from './reference.occupations';

export const provinceCodeParams = Joi.object<{ code: string }>({
  code: Joi.string()
    .pattern(/^[0-9]{2}$/, 'mã tỉnh 2 chữ số')
    .required(),
});

export const holidaysQuery = Joi.object<{ year: number }>({
  year: Joi.number().integer().min(2000).max(2100).required(),
});

export const provinceOut = Joi.array().items(
  Joi.object({
    code: Joi.string(),
    name: Joi.string(),
    kind: Joi.string().valid('tinh', 'thanh_pho'),
  }),
);
export const communeOut = Joi.array().items(
  Joi.object({
    code: Joi.string(),
    name: Joi.string(),
    kind: Joi.string().valid('xa', 'phuong', 'dac_khu'),
  }),
);
export const countryOut = Joi.array().items(
  Joi.object({
    code: Joi.string(),
    nameVi: Joi.string(),
    nameEn: Joi.string(),
    region: Joi.string().valid(...REGIONS),
  }),
);
export const holidayOut = Joi.array().items(
  Joi.object({
    date: Joi.string().meta({ format: 'date' }),
    name: Joi.string(),
    kind: Joi.string().valid('holiday', 'compensatory', 'makeup_workday'),
  }),
);

// ---- occupation codes (Decision 34/2020) and sectors (VSIC 2018)
const versionId = id;

export const occupationsQuery = Joi.object<{ q?: string; level?: number; versionId?: number; limit?: number }>({
  q: Joi.string().trim().allow('').max(100),
  level: Joi.number().integer().min(1).max(MAX_OCCUPATION_LEVEL),
  versionId: versionId(),
  limit: Joi.number().integer().min(1).max(SEARCH_LIMIT_MAX),
});

export const occupationVersionIdParams = Joi.object<{ id: number }>({ id: versionId().required() });

/** The name and source of a version, as the admin page's form sends them (the file comes separately). */
export const occupationVersionForm = Joi.object<{ name: string; source: string }>({
  name: Joi.string().trim().min(1).max(200).required().label('Tên phiên bản'),
  source: Joi.string().trim().min(1).max(500).required().label('Nguồn'),
});

export const importOccupationVersionBody = Joi.object<{ name: string; source: string; csv: string }>({
  name: Joi.string().trim().min(1).max(200).required().label('Tên phiên bản'),
  source: Joi.string().trim().min(1).max(500).required().label('Nguồn'),
  csv: Joi.string()
    .min(1)
    .max(MAX_OCCUPATION_CSV_CHARS)
    .required()
    .description('the CSV text: header code,level,name_vi,parent_code; levels 1–4; UTF-8'),
});

export const activateOccupationVersionBody = Joi.object<{ expectedActiveId: number | null }>({
  expectedActiveId: versionId()
    .allow(null)
    .required()
    .description('the id of the version in force as the client saw it (null: none); 409 when it changed since'),
});

export const occupationOut = Joi.array().items(
  Joi.object({
    versionId: Joi.number().integer(),
    code: Joi.string(),
    level: Joi.number().integer(),
    nameVi: Joi.string(),
    parentCode: Joi.string().allow(null),
  }),
);

export const occupationVersionItem = Joi.object({
  id: Joi.number().integer(),
  name: Joi.string(),
  source: Joi.string(),
  synthetic: Joi.boolean(),
  status: Joi.string().valid('draft', 'active', 'retired'),
  maxLevel: Joi.number().integer(),
  codeCount: Joi.number().integer(),
  importedByUserId: Joi.number().integer().allow(null),
  activatedAt: Joi.string().meta({ format: 'date-time' }).allow(null),
  activatedByUserId: Joi.number().integer().allow(null),
  createdAt: Joi.string().meta({ format: 'date-time' }),
});
export const occupationVersionOut = Joi.array().items(occupationVersionItem);

export const sectorOut = Joi.array().items(Joi.object({ code: Joi.string(), nameVi: Joi.string() }));

/** The admin page of one version: its codes matching `q` (name or code). */
export const versionCodesQuery = Joi.object<{ q?: string }>({ q: Joi.string().trim().allow('').max(100) });

/** The admin page's activation form: the version in force as the page showed it ('' → null: none). */
export const activateOccupationVersionForm = Joi.object<{ expectedActiveId: number | null; confirmed?: string }>({
  expectedActiveId: versionId().allow(null).required().label('Phiên bản đang áp dụng'),
  confirmed: Joi.string().valid('yes'),
});
