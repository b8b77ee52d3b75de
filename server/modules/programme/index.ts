// Programme results (issue 22): successful connections tagged as programme outputs, the province dashboard and its targets.
export { programmeApi } from './programme.routes';
export { programmePages } from './programme.pages';
export { TAG_OUTPUTS_JOB } from './programme.jobs';
export { tagOutputs } from './programme.outputs';
export { classify, fundingOf } from './programme.rules';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [
  'programme_outputs',
  'programme_targets',
  'programme_procurement_modes',
];
