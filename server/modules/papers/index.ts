export {
  Paper,
  initPaperModels,
  PAPER_KINDS,
  WORKER_PAPER_KINDS,
  CASE_PAPER_KINDS,
  PAPER_LABELS,
  SENSITIVE_PAPER_KINDS,
  type PaperKind,
} from './papers.model';
export { papersApi } from './papers.routes';
export { papersPages, workerPapersPanel, casePapersPanel, type PapersPanel } from './papers.pages';
export {
  papersAgainstDate,
  papersOfKindsAgainstDate,
  paperStatus,
  listWorkerPapers,
  createWorkerPaper,
  createCasePaper,
  issueOrientationCertificate,
  type PaperAgainstDate,
  type PaperStatus,
  type PaperOut,
} from './papers.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['papers', 'paper_submissions'];
export {
  submitPaper,
  submissionsOfWorker,
  pendingSubmissions,
  reviewSubmission,
  submissionFile,
  SUBMITTABLE_KINDS,
  SUBMISSION_STATUS_LABELS,
  type Submission,
  type SubmittableKind,
  type Review,
} from './papers.submissions';

/** Read-only views other modules may join in SQL (migrations/2026.12.01T20.00.00.worker-portal.ts). */
export const READ_VIEWS: readonly string[] = ['worker_paper_refs'];
