export {
  notifyWorker,
  notificationsOfWorker,
  type NewNotification,
  type NotificationRow,
} from './notifications.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['notifications'];
