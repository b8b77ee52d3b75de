export { referenceApi } from './reference.routes';
export { referencePages } from './reference.pages';
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
  loadReferenceNames,
  countryName,
  provinceName,
  communeName,
} from './reference.service';
export {
  checkOccupationCsv,
  importOccupationVersion,
  activateOccupationVersion,
  listOccupationVersions,
  getOccupationVersion,
  activeOccupationVersion,
  occupationExists,
  occupationNames,
  searchOccupations,
  occupationsOfVersion,
  listSectors,
  SECTOR_VERSION,
  OCCUPATION_CSV_HEADER,
  MAX_OCCUPATION_ROWS,
  MAX_OCCUPATION_CSV_CHARS,
  type Occupation,
  type OccupationRow,
  type OccupationCsvProblem,
  type OccupationVersion,
  type OccupationVersionStatus,
  type ImportOccupationVersionInput,
} from './reference.occupations';
import { countryName, provinceName, communeName } from './reference.service';
import { registerViewHelper } from '../../shared/views';

// pages show places by name: {{country code}}, {{province code}}, {{commune code}}
registerViewHelper('country', countryName);
registerViewHelper('province', provinceName);
registerViewHelper('commune', communeName);

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [
  'provinces',
  'communes',
  'cccd_prefixes',
  'countries',
  'holidays',
  'business_days',
  'occupation_versions',
  'occupations',
  'sectors',
];
