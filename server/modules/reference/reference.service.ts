import { Op, QueryTypes } from 'sequelize';
import { sequelize } from '../../db/sequelize';
import { NotFoundError } from '../../shared/errors';
import { today } from '../../shared/clock';
import { daysBetween } from '../../shared/dates';
import { WorkingCalendar } from '../../shared/working-days';
import { logger } from '../../shared/logger';
import { CccdPrefix, Commune, Country, Holiday, Province } from './reference.model';

export async function listProvinces() {
  return Province.findAll({ attributes: ['code', 'name', 'kind'], order: [['code', 'ASC']], raw: true });
}

export async function getProvince(code: string) {
  const p = await Province.findByPk(code, { attributes: ['code', 'name', 'kind'], raw: true });
  if (!p) throw new NotFoundError('Không tìm thấy tỉnh/thành phố');
  return p;
}

/**
 * The communes of a province in catalogue order (by code); 404 for an unknown province.
 * NOTE: a plain query on this hot public read: findAll's per-call overhead was a fifth of the request (bench/RESULTS.md).
 */
export async function listCommunes(provinceCode: string): Promise<{ code: string; name: string; kind: string }[]> {
  const rows = await sequelize().query<{ code: string; name: string; kind: string }>(
    'SELECT code, name, kind FROM communes WHERE province_code = $1 ORDER BY code',
    { bind: [provinceCode], type: QueryTypes.SELECT },
  );
  if (!rows.length) await getProvince(provinceCode);
  return rows;
}

export async function getCommune(code: string) {
  return Commune.findByPk(code, { attributes: ['code', 'provinceCode', 'name', 'kind'], raw: true });
}

const viCollator = new Intl.Collator('vi');

/** Countries in Vietnamese alphabetical order (the database collation may not know Vietnamese). */
export async function listCountries() {
  const rows = await Country.findAll({ attributes: ['code', 'nameVi', 'nameEn', 'region'], raw: true });
  return rows.sort((a, b) => viCollator.compare(a.nameVi, b.nameVi));
}

export async function getCountry(code: string) {
  return Country.findByPk(code, { attributes: ['code', 'nameVi', 'nameEn', 'region'], raw: true });
}

export async function listHolidays(year: number) {
  return Holiday.findAll({
    attributes: ['date', 'name', 'kind'],
    where: { date: { [Op.between]: [`${year}-01-01`, `${year}-12-31`] } },
    order: [['date', 'ASC']],
    raw: true,
  });
}

export async function cccdPrefixes(): Promise<Set<string>> {
  const rows = await CccdPrefix.findAll({ attributes: ['code'], raw: true });
  return new Set(rows.map((r) => r.code));
}

let calendar: { value: WorkingCalendar; lastHoliday: string | null; loadedAt: number } | null = null;
const CALENDAR_TTL_MS = 5 * 60_000;

/**
 * The working-day calendar from the holiday table, cached in the process: reloaded after an edit here
 * (reloadCalendar) and at most 5 minutes after one made by another process.
 */
export async function workingCalendar(): Promise<WorkingCalendar> {
  if (!calendar || Date.now() - calendar.loadedAt > CALENDAR_TTL_MS) {
    const rows = await Holiday.findAll({ attributes: ['date', 'kind'], order: [['date', 'ASC']], raw: true });
    calendar = { value: new WorkingCalendar(rows), lastHoliday: rows.at(-1)?.date ?? null, loadedAt: Date.now() };
  }
  return calendar.value;
}

export function reloadCalendar(): void {
  calendar = null;
}

/** Days from today to the end of the last year the holiday table covers; warns below 180. */
export async function checkHolidayCoverage(): Promise<number> {
  const last = await Holiday.max<string, Holiday>('date');
  const coveredTo = last ? `${String(last).slice(0, 4)}-12-31` : today();
  const days = daysBetween(today(), coveredTo);
  if (days < 180) {
    logger.warn(
      { coveredTo, days },
      'holidays.coverage_low: fewer than 180 future days have a holiday calendar; add the next year',
    );
  }
  return days;
}

/** Names by code of countries, provinces and communes, for pages (warmed at start: loadReferenceNames). */
const names = {
  countries: new Map<string, string>(),
  provinces: new Map<string, string>(),
  communes: new Map<string, string>(),
};

/** Reads the names once (at start, after the reference seed); pages then show names, never codes. */
export async function loadReferenceNames(): Promise<void> {
  const [countries, provinces, communes] = await Promise.all([
    Country.findAll({ attributes: ['code', 'nameVi'], raw: true }),
    Province.findAll({ attributes: ['code', 'name'], raw: true }),
    Commune.findAll({ attributes: ['code', 'name'], raw: true }),
  ]);
  names.countries = new Map(countries.map((c) => [c.code, c.nameVi]));
  names.provinces = new Map(provinces.map((p) => [p.code, p.name]));
  names.communes = new Map(communes.map((c) => [c.code, c.name]));
}

export const countryName = (code: string | null | undefined) => (code ? (names.countries.get(code) ?? code) : '');
export const provinceName = (code: string | null | undefined) => (code ? (names.provinces.get(code) ?? code) : '');
export const communeName = (code: string | null | undefined) => (code ? (names.communes.get(code) ?? code) : '');
