// Boot: every module's models on the one Sequelize instance (server/db knows no module).
import type { Sequelize } from 'sequelize';
import { initReferenceModels } from './modules/reference';
import { initAgencyModels } from './modules/agencies';
import { initUserModels } from './modules/users';
import { initWorkerModels } from './modules/workers';
import { initPolicyModels } from './modules/policies';
import { initJobOrderModels } from './modules/job-orders';
import { initCaseModels } from './modules/cases';
import { initTrainingModels } from './modules/training';
import { initPaperModels } from './modules/papers';
import { initGrantModels } from './modules/grants';
import { initExchangeModels } from './modules/exchange';

let done = false;

export function initModels(sequelize: Sequelize): void {
  if (done) return;
  initReferenceModels(sequelize);
  initAgencyModels(sequelize);
  initUserModels(sequelize);
  initWorkerModels(sequelize);
  initPolicyModels(sequelize);
  initJobOrderModels(sequelize);
  initCaseModels(sequelize);
  initTrainingModels(sequelize);
  initPaperModels(sequelize);
  initGrantModels(sequelize);
  initExchangeModels(sequelize);
  done = true;
}
