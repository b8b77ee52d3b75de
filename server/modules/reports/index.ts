export { reportsApi, reportsPages } from './reports.routes';
