// Job exchange sessions (issue 22; DOMAIN.md §15.4): sessions, booths, registrations with signed tickets, check-in,
// what staff record at a session, and the counselling log (Mẫu 01 lines 1–2).
export { sessionsApi } from './sessions.routes';
export { sessionsPages } from './sessions.pages';
export { sessionsPortalPages } from './sessions.portal';
export {
  sessionCounts,
  type SessionCounts,
  getSession,
  listSessions,
  createSession,
  addBooth,
  registerByStaff,
  registerInPortal,
  walkIn,
  checkIn,
  recordActivity,
  recordCounselling,
  moveSession,
} from './sessions.service';
export { ticketCode, verifyCode } from './sessions.tickets';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = [
  'exchange_sessions',
  'session_booths',
  'session_registrations',
  'session_activities',
  'counselling_records',
];

/** Read views other modules use instead of this module's tables (the programme's dashboard, the Mẫu 01 report). */
export const READ_VIEWS: readonly string[] = [
  'exchange_session_calendar',
  'session_report_facts',
  'session_booth_report_facts',
  'session_activity_report_facts',
  'counselling_report_facts',
];
