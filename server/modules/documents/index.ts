import './templates/contract';
import './templates/case-summary';
import './templates/liquidation';
import './templates/departures-report';
import './templates/orientation-certificate';
import './templates/receipt';
import './templates/deposit-agreement';

export { documentsApi } from './documents.routes';
export { documentsPages, type DocumentsPanel } from './documents.pages';
export {
  issueDocument,
  getDocument,
  listDocuments,
  revokeDocument,
  reissueDocument,
  verify,
  templateIds,
  RENDER_JOB,
  defineTemplate,
  renderDocument,
  documentPdf,
  type IssuedMeta,
} from './documents.service';

/** What other modules may read (their SQL names no table of this module): a document's number, date, status. */
export const READ_VIEWS: readonly string[] = ['document_register'];

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [
  'documents',
  'document_counters',
  'document_verifications',
  'document_batches',
];
