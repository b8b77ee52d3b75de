export { User, initUserModels } from './users.model';
export { usersApi } from './users.routes';
export { usersPages } from './users.pages';
export { toActor, toUserDto, findUserForLogin, actorForToken, createUser } from './users.service';
export { password as passwordSchema, username as usernameSchema } from './users.schemas';
