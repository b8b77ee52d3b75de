import { apiRouter } from '../../shared/api';
import { publicRoute } from '../../shared/auth/access';
import * as schemas from './reference.schemas';
import * as service from './reference.service';

// Official administrative units, countries and public holidays are public data: any form may load them.
const { router, define } = apiRouter('/api/v1');

define({
  method: 'get',
  path: '/provinces',
  access: publicRoute(),
  tag: 'reference',
  operationId: 'listProvinces',
  summary: 'The 34 provinces and centrally-run cities',
  response: schemas.provinceOut,
  handler: async () => ({ data: await service.listProvinces() }),
});

define({
  method: 'get',
  path: '/provinces/:code/communes',
  access: publicRoute(),
  tag: 'reference',
  operationId: 'listCommunesOfProvince',
  summary: 'The communes, wards and special zones of a province',
  params: schemas.provinceCodeParams,
  response: schemas.communeOut,
  handler: async ({ params }) => ({ data: await service.listCommunes(params.code) }),
});

define({
  method: 'get',
  path: '/countries',
  access: publicRoute(),
  tag: 'reference',
  operationId: 'listCountries',
  summary: 'Destination countries with their region',
  response: schemas.countryOut,
  handler: async () => ({ data: await service.listCountries() }),
});

define({
  method: 'get',
  path: '/holidays',
  access: publicRoute(),
  tag: 'reference',
  operationId: 'listHolidays',
  summary: 'Public holidays, compensatory days off and make-up Saturdays of a year',
  query: schemas.holidaysQuery,
  response: schemas.holidayOut,
  handler: async ({ query }) => ({ data: await service.listHolidays(query.year) }),
});

export { router as referenceApi };
