export {
  notifyWorker,
  notificationsOfWorker,
  inbox,
  unreadCount,
  markRead,
  type NewNotification,
  type NotificationRow,
} from './notifications.service';
export { notificationsPages, unreadInNavigation } from './notifications.pages';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['notifications'];
