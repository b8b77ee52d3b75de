import { apiRouter } from '../../shared/api';
import { actorOf, publicRoute, requirePermission } from '../../shared/auth/access';
import * as schemas from './reference.schemas';
import * as service from './reference.service';
import * as occupations from './reference.occupations';

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

// Occupation codes (Decision 34/2020) and sectors (VSIC 2018): read by every signed-in user (the pickers of the
// job-seeker, employer and vacancy forms); versions imported and put in force by an admin.
define({
  method: 'get',
  path: '/occupations',
  access: requirePermission('reference:read'),
  tag: 'reference',
  operationId: 'searchOccupations',
  summary: 'Occupation codes (Decision 34/2020) by name (accents optional) or code prefix, in the version in force',
  query: schemas.occupationsQuery,
  response: schemas.occupationOut,
  handler: async ({ query }) => ({ data: await occupations.searchOccupations(query) }),
});

define({
  method: 'get',
  path: '/occupation-versions',
  access: requirePermission('reference:read'),
  tag: 'reference',
  operationId: 'listOccupationVersions',
  summary: 'The versions of the occupation codes: the one in force, drafts and retired ones',
  response: schemas.occupationVersionOut,
  handler: async () => ({ data: await occupations.listOccupationVersions() }),
});

define({
  method: 'post',
  path: '/occupation-versions',
  access: requirePermission('reference:manage'),
  tag: 'reference',
  operationId: 'importOccupationVersion',
  summary: 'Import a version of the occupation codes from CSV (code,level,name_vi,parent_code) as a draft',
  body: schemas.importOccupationVersionBody,
  response: schemas.occupationVersionItem,
  status: 201,
  errors: [409],
  handler: async ({ body, req }) => ({ data: await occupations.importOccupationVersion(actorOf(req), body) }),
});

define({
  method: 'post',
  path: '/occupation-versions/:id/activate',
  access: requirePermission('reference:manage'),
  tag: 'reference',
  operationId: 'activateOccupationVersion',
  summary: 'Put a version in force; the one in force before is retired',
  params: schemas.occupationVersionIdParams,
  body: schemas.activateOccupationVersionBody,
  response: schemas.occupationVersionItem,
  errors: [404, 409],
  handler: async ({ params, body, req }) => ({
    data: await occupations.activateOccupationVersion(actorOf(req), params.id, {
      expectedActiveId: body.expectedActiveId,
    }),
  }),
});

define({
  method: 'get',
  path: '/sectors',
  access: requirePermission('reference:read'),
  tag: 'reference',
  operationId: 'listSectors',
  summary: 'The 21 sections of the economic sectors (VSIC 2018), as on the employer form',
  response: schemas.sectorOut,
  handler: async () => ({ data: await occupations.listSectors() }),
});

export { router as referenceApi };
