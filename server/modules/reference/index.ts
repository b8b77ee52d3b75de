export { referenceApi } from './reference.routes';
export { initReferenceModels, REGIONS, type Region } from './reference.model';
export {
  listProvinces, getProvince, listCommunes, getCommune, listCountries, getCountry, cccdPrefixes,
  workingCalendar, reloadCalendar, checkHolidayCoverage,
} from './reference.service';
