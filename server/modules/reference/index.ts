export { referenceApi } from './reference.routes';
export { initReferenceModels, REGIONS, type Region } from './reference.model';
export {
  listProvinces,
  getProvince,
  listCommunes,
  getCommune,
  listCountries,
  getCountry,
  cccdPrefixes,
  workingCalendar,
  reloadCalendar,
  checkHolidayCoverage,
} from './reference.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [
  'provinces',
  'communes',
  'cccd_prefixes',
  'countries',
  'holidays',
  'business_days',
];
