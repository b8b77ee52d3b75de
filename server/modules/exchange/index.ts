// The job exchange (Sub-project 3, part 1): job seekers, employers, vacancies, matching with reasons, referrals.
export { Vacancy, Referral, initExchangeModels, VACANCY_STATES, REFERRAL_STATES } from './exchange.model';
export { exchangeApi } from './exchange.routes';
export { exchangePages } from './exchange.pages';
export { exchangePortalPages } from './exchange.portal';
export { vacancyWorkflow, referralWorkflow } from './exchange.workflow';
export { CLOSE_VACANCIES_JOB, closeExpiredVacancies } from './exchange.jobs';
export {
  registerJobSeeker,
  createEmployer,
  createVacancy,
  introduce,
  requestIntroduction,
  transitionReferral,
  getReferral,
} from './exchange.service';

// the overseas hand-off (Decree 352 Art 7.1.b): loading it registers the hook that makes a referral follow its case
export {
  connectionCounts,
  centreAbroadToday,
  orderMonthlyWage,
  referAbroad,
  acceptHandoff,
  declineHandoff,
  getHandoff,
  listHandoffs,
} from './exchange.handoff';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [
  'job_seekers',
  'job_seeker_registrations',
  'employers',
  'vacancies',
  'vacancy_events',
  'referrals',
  'referral_events',
  'introduction_requests',
  'handoff_requests',
  'matching_weights',
];

/** Read-only views other modules may join in SQL (the sessions' booths, registrations and counts; issue 22). */
export const READ_VIEWS: readonly string[] = [
  'exchange_employer_directory',
  'exchange_vacancy_directory',
  'exchange_seeker_directory',
  'session_referral_outcomes',
  // programme results (issue 22): the successful connections with the declared groups; the databases' stock per centre
  'exchange_hires',
  'exchange_stock',
  // the reports (Mẫu 01 lines 3.1–3.2) and the batch exports to the National Job Exchange: no sensitive columns
  'seeker_registration_report_facts',
  'referral_report_facts',
  'vacancy_report_facts',
  'job_seeker_export_facts',
  'employer_report_facts',
];
