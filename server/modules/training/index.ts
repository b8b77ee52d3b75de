export { Course, Enrolment, initTrainingModels } from './training.model';
export { trainingApi } from './training.routes';
export { trainingPages } from './training.pages';
export { createCourse, enrol, markAttendance, recordResult } from './training.service';
