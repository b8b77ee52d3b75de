// The job exchange's use cases (issue 21; DOMAIN.md §15), in three files: the job-seeker registry and its consent
// (exchange.seekers.ts), employers, vacancies and matching (exchange.vacancies.ts), referrals and requests
// (exchange.referrals.ts). Pages and routes import them from here.
export * from './exchange.seekers';
export * from './exchange.vacancies';
export * from './exchange.referrals';
