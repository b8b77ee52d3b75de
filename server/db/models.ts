// Initialise every module's models on the one Sequelize instance, then their associations.
import type { Sequelize } from 'sequelize';
import { initReferenceModels } from '../modules/reference';

let done = false;

export function initModels(sequelize: Sequelize): void {
  if (done) return;
  initReferenceModels(sequelize);
  done = true;
}
