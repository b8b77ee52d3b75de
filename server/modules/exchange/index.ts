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
  'matching_weights',
];
