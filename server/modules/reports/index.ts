export { reportsApi, reportsPages } from './reports.routes';
export { departures, checkPeriod, type DepartureRow } from './reports.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [];
