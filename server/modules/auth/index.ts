export { authApi } from './auth.routes';
export { authPages } from './auth.pages';
export { authenticate, issueToken } from './auth.tokens';
export { login } from './auth.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['login_failures', 'login_user_failures'];
