export { Worker, WorkerAgencyLink, initWorkerModels } from './workers.model';
export { workersApi } from './workers.routes';
export { workersPages } from './workers.pages';
export { createWorker, getWorker, listWorkers } from './workers.service';
