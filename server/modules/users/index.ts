export { User, initUserModels } from './users.model';
export { usersApi } from './users.routes';
export { usersPages } from './users.pages';
export {
  toActor,
  toUserDto,
  findUserForLogin,
  activateWorkerAccount,
  normalisePhone,
  actorForToken,
  actorOfUser,
  createUser,
  revokeTokens,
  replaceOwnPassword,
  agencyStaff,
  userNames,
} from './users.service';

/** The tables only this module writes (test/integration/architecture/ownership.test.ts). */
export const OWNED_TABLES: readonly string[] = ['users'];

/** What other modules may read: users as recipients (the alert scan, the digest). */
export const READ_VIEWS: readonly string[] = ['user_directory'];
export { password as passwordSchema, username as usernameSchema } from './users.schemas';
