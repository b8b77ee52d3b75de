export { authApi } from './auth.routes';
export { authPages } from './auth.pages';
export { authenticate, issueToken } from './auth.tokens';
export { login } from './auth.service';
