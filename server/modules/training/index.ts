export { Course, Enrolment, initTrainingModels } from './training.model';
export { trainingApi } from './training.routes';
export { trainingPages } from './training.pages';
export { createCourse, enrol, markAttendance, recordResult } from './training.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['courses', 'enrolments', 'attendance'];

/** Read-only views other modules may join in SQL: the days each learner was present (support grants pay food per day). */
export const READ_VIEWS: readonly string[] = ['enrolment_attendance'];
