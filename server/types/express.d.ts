import type { Actor } from '../shared/auth/permissions';

declare global {
  namespace Express {
    interface Request {
      /** the signed-in user, set by authenticate() when a valid token came with the request */
      actor?: Actor;
      /** request id (x-request-id), set by requestLog */
      id?: string;
      /** CSRF token for forms on pages (cookie sessions) */
      csrfToken?: string;
      /** the message of this page view, from the signed flash cookie (server/shared/flash.ts) */
      flash?: import('../shared/flash').Flash;
    }
  }
}
export {};
