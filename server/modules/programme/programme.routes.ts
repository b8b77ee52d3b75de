// Programme results' JSON API (/api/v1): thin — validate, call the service, answer. Every route names its permission;
// the service scopes every figure to the actor's province (centre staff: their centre), and a province named outside
// that scope answers 404.
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { today } from '../../shared/clock';
import * as s from './programme.schemas';
import { dashboard } from './programme.dashboard';
import { listOutputs } from './programme.outputs';
import { addProcurementMode, getTargets, listProcurementModes, setTargets } from './programme.settings';

const { router, define } = apiRouter('/api/v1');
const ANY = Joi.object().unknown(true);
const TAG = 'programme results';
const thisYear = () => Number(today().slice(0, 4));

define({
  method: 'get',
  path: '/programme-outputs',
  access: requirePermission('programme:read'),
  tag: TAG,
  operationId: 'listProgrammeOutputs',
  summary:
    'Programme outputs of my province (centre staff: my centre): successful connections (E2) of eligible workers with their group, certification, funding source and procurement mode; CCCD masked; newest first',
  query: s.outputsQuery,
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => {
    const r = await listOutputs(actorOf(req), query);
    return { data: r.data, page: r.page };
  },
});

define({
  method: 'get',
  path: '/programme-dashboard',
  access: requirePermission('programme:read'),
  tag: TAG,
  operationId: 'getProgrammeDashboard',
  summary:
    "A year's figures of my province (the admin names one): outputs per month and group, domestic and abroad apart, beside every connection; sessions held; job seekers and vacancies now; the year against the province's targets",
  query: s.dashboardQuery,
  response: ANY,
  handler: async ({ query, req }) => ({
    data: await dashboard(actorOf(req), { year: query.year ?? thisYear(), provinceCode: query.provinceCode }),
  }),
});

define({
  method: 'get',
  path: '/programme-targets',
  access: requirePermission('programme:read'),
  tag: TAG,
  operationId: 'getProgrammeTargets',
  summary: "The province's targets for a year (null: none set)",
  query: s.dashboardQuery,
  response: ANY,
  handler: async ({ query, req }) => ({
    data: await getTargets(actorOf(req), { year: query.year ?? thisYear(), provinceCode: query.provinceCode }),
  }),
});

define({
  method: 'put',
  path: '/programme-targets',
  access: requirePermission('programme:targets'),
  tag: TAG,
  operationId: 'setProgrammeTargets',
  summary:
    "Set my province's targets for a year (a province officer): a number sets one, null clears it, a key left out stays; another province answers 404",
  body: s.targetsBody,
  response: ANY,
  handler: async ({ body, req }) => ({ data: await setTargets(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/programme-procurement-modes',
  access: requirePermission('programme:read'),
  tag: TAG,
  operationId: 'listProgrammeProcurementModes',
  summary: 'How the province buys the service from each of its centres, by period (order, tender, assignment)',
  query: Joi.object({
    provinceCode: Joi.string()
      .pattern(/^[0-9]{2}$/)
      .label('Tỉnh, thành phố'),
  }),
  response: Joi.array().items(ANY),
  handler: async ({ query, req }) => ({
    data: (await listProcurementModes(actorOf(req), query as { provinceCode?: string })).centres,
  }),
});

define({
  method: 'post',
  path: '/programme-procurement-modes',
  access: requirePermission('programme:targets'),
  tag: TAG,
  status: 201,
  operationId: 'addProgrammeProcurementMode',
  summary:
    "A centre's procurement mode from a date (a province officer, her province's centres): an open earlier period ends the day before; an overlap answers 409; outputs of the period without a mode get it",
  body: s.procurementBody,
  response: ANY,
  errors: [404, 409],
  handler: async ({ body, req }) => ({ data: await addProcurementMode(actorOf(req), body) }),
});

export const programmeApi = router;
