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
    }
  }
}
export {};
