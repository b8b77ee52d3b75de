// The exchange's generated forms: the Joi schemas' fields with places, occupation codes, sectors, countries,
// employers and centres picked by name (selects; long lists get a search box that ignores accents), what was typed
// kept and every problem beside its field; and the words of the scales for the views ({{xl 'experience' value}}).
import { select } from '../../db/sql';
import { check } from '../../shared/validate';
import { ValidationError, type FieldProblem } from '../../shared/errors';
import { fieldViews, formFields, readForm, type FormField } from '../../shared/forms';
import { registerViewHelper } from '../../shared/views';
import {
  GENERAL_EDUCATION_LABELS,
  TECHNICAL_LEVEL_LABELS,
  WAGE_CODE_LABELS,
  WORKFORCE_BANDS,
} from '../../shared/labour-scales';
import { activeOccupationVersion, listCommunes, listCountries, listProvinces, listSectors } from '../reference';
import * as L from './exchange.labels';
import { REFERRAL_STATE_TABLE, VACANCY_STATE_TABLE } from './exchange.workflow';

const LABELS: Record<string, Record<string, string>> = {
  priority: L.PRIORITY_GROUP_LABELS,
  experience: L.EXPERIENCE_LABELS,
  contract: L.CONTRACT_TYPE_LABELS,
  wageKind: L.WAGE_KIND_LABELS,
  mode: L.RECRUITMENT_MODE_LABELS,
  it: L.IT_LEVEL_LABELS,
  language: L.LANGUAGE_LABELS,
  languageLevel: L.LANGUAGE_LEVEL_LABELS,
  ownership: L.OWNERSHIP_LABELS,
  employerKind: L.EMPLOYER_KIND_LABELS,
  service: L.SERVICE_LABELS,
  vacancyEducation: L.VACANCY_EDUCATION_LABELS,
  seekerStatus: L.JOB_SEEKER_STATUS_LABELS,
  origin: L.ORIGIN_LABELS,
  request: L.REQUEST_STATUS_LABELS,
  education: GENERAL_EDUCATION_LABELS,
  technical: TECHNICAL_LEVEL_LABELS,
  wageCode: Object.fromEntries(Object.entries(WAGE_CODE_LABELS).map(([k, v]) => [k, v])),
  workforce: Object.fromEntries(Object.entries(WORKFORCE_BANDS).map(([k, v]) => [k, v])),
  certified: Object.fromEntries(Object.entries(L.CERTIFIED_GROUP_LABELS).map(([k, v]) => [k, v])),
  vacancyState: Object.fromEntries(Object.entries(VACANCY_STATE_TABLE).map(([k, v]) => [k, v.label])),
  referralState: Object.fromEntries(Object.entries(REFERRAL_STATE_TABLE).map(([k, v]) => [k, v.label])),
  sex: { male: 'Nam', female: 'Nữ' },
  household: {
    poor: 'Hộ nghèo',
    near_poor: 'Hộ cận nghèo',
    escaped_poverty: 'Hộ mới thoát nghèo',
    none: 'Không thuộc diện',
  },
};
/** {{xl 'experience' value}}: a scale's value in words; a list of values joined by commas. */
registerViewHelper('xl', (table: string, value: unknown) => {
  const words = LABELS[table] ?? {};
  if (Array.isArray(value)) return value.map((v) => words[String(v)] ?? String(v)).join(', ');
  return value === null || value === undefined || value === '' ? '' : (words[String(value)] ?? String(value));
});

/** The wage in words: a band, an amount per day or hour, or negotiable. */
export function wageWords(w: { wageKind: string; wageBand: number | null; wageAmountVnd: number | null }): string {
  if (w.wageKind === 'band' && w.wageBand) return `${WAGE_CODE_LABELS[w.wageBand]} / tháng`;
  if (w.wageKind === 'daily' && w.wageAmountVnd) return `${w.wageAmountVnd.toLocaleString('vi-VN')} ₫ / ngày`;
  if (w.wageKind === 'hourly' && w.wageAmountVnd) return `${w.wageAmountVnd.toLocaleString('vi-VN')} ₫ / giờ`;
  return L.WAGE_KIND_LABELS[w.wageKind] ?? w.wageKind;
}

// ---- form shaping: places, codes and employers picked by name ----

const PROVINCE_FIELDS: Record<string, string> = {
  provinceCode: 'communeCode',
  province1: 'commune1',
  province2: 'commune2',
};
const COMMUNE_FIELDS: Record<string, string> = {
  communeCode: 'provinceCode',
  commune1: 'province1',
  commune2: 'province2',
};

/**
 * Reference lists for the forms, read once per process (they change only with the reference seed, at a restart): a
 * refused form is rendered again many times, and each render must stay cheap.
 */
let lists: {
  provinces: Awaited<ReturnType<typeof listProvinces>>;
  sectors: Awaited<ReturnType<typeof listSectors>>;
  countries: Awaited<ReturnType<typeof listCountries>>;
} | null = null;
async function placeLists() {
  lists ??= { provinces: await listProvinces(), sectors: await listSectors(), countries: await listCountries() };
  return lists;
}
const communeLists = new Map<string, Awaited<ReturnType<typeof listCommunes>>>();
async function communesOf(province: string) {
  if (!/^[0-9]{2}$/.test(province)) return [];
  let hit = communeLists.get(province);
  if (!hit) {
    hit = await listCommunes(province).catch(() => []);
    communeLists.set(province, hit);
  }
  return hit;
}

let occupationCache: { versionId: number; options: { value: string; label: string }[] } | null = null;
async function occupationOptions() {
  const active = await activeOccupationVersion();
  if (!active) return { options: [], versionName: null };
  if (occupationCache?.versionId !== active.id) {
    const rows = await select<{ code: string; level: number; name_vi: string }>(
      'SELECT code, level, name_vi FROM occupations WHERE version_id = $1 ORDER BY code',
      [active.id],
    );
    occupationCache = {
      versionId: active.id,
      options: rows.map((r) => ({
        value: r.code,
        label: `${'\u00a0\u00a0'.repeat(Number(r.level) - 1)}${r.code} – ${r.name_vi}`,
      })),
    };
  }
  return { options: occupationCache.options, versionName: active.name };
}

async function shapeFields(
  fields: FormField[],
  idPrefix: string,
  o: {
    values: Record<string, string>;
    defaults: Record<string, unknown>;
    employers?: { id: number; name: string }[];
    centres?: { id: number; name: string }[];
  },
): Promise<FormField[]> {
  const { provinces, sectors, countries } = await placeLists();
  const occupations = await occupationOptions();
  const out: FormField[] = [];
  for (const f of fields) {
    if (f.name in PROVINCE_FIELDS) {
      out.push({
        ...f,
        kind: 'select',
        options: provinces.map((p) => ({ value: p.code, label: p.name })),
        communesTarget: `${idPrefix}-${PROVINCE_FIELDS[f.name]}`,
      });
    } else if (f.name in COMMUNE_FIELDS) {
      const key = COMMUNE_FIELDS[f.name];
      const province = o.values[key] ?? (o.defaults[key] as string | undefined);
      const communes = province ? await communesOf(province) : [];
      out.push({
        ...f,
        kind: 'select',
        filterable: true,
        options: communes.map((c) => ({ value: c.code, label: c.name })),
      });
    } else if (f.name === 'occupationCode') {
      out.push({
        ...f,
        kind: 'select',
        filterable: true,
        options: occupations.options,
        help: `${f.help ?? ''} Danh mục: ${occupations.versionName ?? 'chưa có phiên bản đang áp dụng'}.`.trim(),
      });
    } else if (f.name === 'sectorCode' || f.name === 'employerSectorCode') {
      out.push({
        ...f,
        kind: 'select',
        options: sectors.map((x) => ({ value: x.code, label: `${x.code} – ${x.nameVi}` })),
      });
    } else if (f.name === 'workedAbroadIn') {
      out.push({ ...f, kind: 'select', options: countries.map((c) => ({ value: c.code, label: c.nameVi })) });
    } else if (f.name === 'centreId' && o.centres) {
      out.push({ ...f, kind: 'select', options: o.centres.map((c) => ({ value: String(c.id), label: c.name })) });
    } else if (f.name === 'employerId' && o.employers) {
      out.push({ ...f, kind: 'select', options: o.employers.map((e) => ({ value: String(e.id), label: e.name })) });
    } else out.push(f);
  }
  // a list starts at "— Chọn —" when nothing is chosen: a skipped field is refused, never stored as the first option
  return out.map((f) => (f.kind === 'select' ? { ...f, placeholder: true } : f));
}

/** The sectors' names for the views ({{xl "sector" code}}), read once (a new version is a restart). */
let sectorNames: Record<string, string> | null = null;
export async function loadSectorNames(): Promise<void> {
  if (sectorNames) return;
  sectorNames = Object.fromEntries((await listSectors()).map((x) => [x.code, `${x.code} – ${x.nameVi}`]));
  LABELS.sector = sectorNames;
}

/** A generated form's views: shaped fields, typed values kept, errors beside their fields. */
export async function formViewsFor(
  schema: Parameters<typeof formFields>[0],
  idPrefix: string,
  o: {
    values?: Record<string, string>;
    errors?: Record<string, string>;
    defaults?: Record<string, unknown>;
    employers?: { id: number; name: string }[];
    centres?: { id: number; name: string }[];
    omit?: string[];
  },
) {
  const values = o.values ?? {};
  const defaults = o.defaults ?? {};
  const fields = (
    await shapeFields(formFields(schema), idPrefix, { values, defaults, employers: o.employers, centres: o.centres })
  ).filter((f) => !(o.omit ?? []).includes(f.name));
  return fieldViews(fields, { idPrefix, values, errors: o.errors ?? {}, defaults });
}

/** Reads a posted form against its schema: every problem at once (what could not be read, and the schema's). */
export function readCheckedForm<T>(
  schema: Parameters<typeof formFields>[0] & object,
  body: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const fields = formFields(schema);
  const { input, problems, typed } = readForm(fields, body);
  Object.assign(input, extra);
  try {
    const value = check(schema!, input) as T;
    if (problems.length) throw new ValidationError(problems);
    return { value, typed };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const named = new Set(problems.map((p) => p.path));
    for (const p of (err.details as FieldProblem[]) ?? []) if (!named.has(p.path)) problems.push(p);
    throw Object.assign(new ValidationError(problems), { typed });
  }
}
export const typedValues = (err: unknown, body: Record<string, unknown>): Record<string, string> =>
  (err as { typed?: Record<string, string> }).typed ??
  Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string') as [string, string][]);

/** A long form in the sections of its paper form; a field no section names goes in the last one. */
export function sectionsOf<F extends { name: string }>(
  fields: F[],
  groups: { legend: string; names: string[] }[],
): { legend: string; fields: F[] }[] {
  const placed = new Set(groups.flatMap((g) => g.names));
  const out = groups.map((g) => ({
    legend: g.legend,
    fields: g.names.map((n) => fields.find((f) => f.name === n)).filter((f): f is F => Boolean(f)),
  }));
  out[out.length - 1].fields.push(...fields.filter((f) => !placed.has(f.name)));
  return out.filter((g) => g.fields.length);
}

/** Mẫu 03a's parts. */
export const VACANCY_SECTIONS = [
  {
    legend: 'Vị trí việc làm',
    names: ['employerId', 'title', 'numberToHire', 'description', 'position', 'occupationCode'],
  },
  {
    legend: 'Yêu cầu',
    names: ['generalEducation', 'technicalLevel', 'skills', 'languagesRequired', 'experience', 'priorityGroups'],
  },
  { legend: 'Nơi làm việc', names: ['provinceCode', 'communeCode', 'industrialZone'] },
  {
    legend: 'Hợp đồng, lương và phúc lợi',
    names: ['contractType', 'fullTime', 'wageKind', 'wageBand', 'wageAmountVnd', 'benefits', 'conditions'],
  },
  {
    legend: 'Tuyển dụng và liên hệ',
    names: ['recruitmentMode', 'deadline', 'services', 'contactName', 'contactPhone', 'contactEmail', 'contactOptIn'],
  },
];

/** Mẫu 01 + 01a's parts. */
export const SEEKER_SECTIONS = [
  {
    legend: 'Thông tin cá nhân',
    names: ['cccd', 'fullName', 'dateOfBirth', 'sex', 'ethnicity', 'phone', 'email'],
  },
  { legend: 'Nơi thường trú và nơi ở', names: ['provinceCode', 'communeCode', 'street', 'currentAddress'] },
  {
    legend: 'Trình độ, kỹ năng và kinh nghiệm',
    names: [
      'generalEducation',
      'technicalLevel',
      'trainingField',
      'skillCertificate',
      'languages',
      'itLevel',
      'softSkills',
      'workHistory',
      'workedAbroadIn',
      'priorityGroups',
    ],
  },
  {
    legend: 'Công việc mong muốn',
    names: ['jobTitle', 'jobDescription', 'position', 'occupationCode', 'experience', 'contractType', 'fullTime'],
  },
  { legend: 'Nơi làm việc mong muốn', names: ['province1', 'commune1', 'zone1', 'province2', 'commune2', 'zone2'] },
  {
    legend: 'Lương, thời gian và cách tuyển',
    names: [
      'wageKind',
      'wageBand',
      'wageAmountVnd',
      'benefits',
      'conditions',
      'availableAfterMonths',
      'recruitmentMode',
      'wantsAbroad',
    ],
  },
  { legend: 'Đồng ý sử dụng dữ liệu (Mẫu 01)', names: ['consentDate'] },
];
