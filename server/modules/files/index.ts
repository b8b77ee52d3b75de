export { filesApi } from './files.routes';
