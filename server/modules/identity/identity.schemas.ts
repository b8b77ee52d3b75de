// Inputs of the population-database port, checked at the edge (Vietnamese messages from the labels).
import Joi from '../../shared/joi';
import { id, isoDate } from '../../shared/schemas';
import { MANUAL_METHODS, RESULTS, type ManualMethod, type RegistryValues, type VerifyResult } from './identity.port';
import { BATCH_MAX_ROWS, SELECTIONS, type Selection } from './identity.batches';

export interface ManualBody {
  workerId: number;
  method: ManualMethod;
  outcome: VerifyResult;
  seen?: RegistryValues;
}

const seen = Joi.object<RegistryValues>({
  fullName: Joi.string().trim().min(2).max(200).label('Họ và tên đã thấy'),
  dateOfBirth: isoDate({ max: 'today' }).label('Ngày sinh đã thấy'),
  sex: Joi.string().valid('male', 'female').label('Giới tính đã thấy'),
  cccd: Joi.string()
    .pattern(/^[0-9]{12}$/)
    .label('Số định danh cá nhân đã thấy')
    .messages({ 'string.pattern.base': 'Số định danh cá nhân gồm đúng 12 chữ số' }),
}).label('Giá trị đã thấy');

export const manualBody = Joi.object<ManualBody>({
  workerId: id().required().label('Người lao động'),
  method: Joi.string()
    .valid(...MANUAL_METHODS)
    .required()
    .label('Cách kiểm tra'),
  outcome: Joi.string()
    .valid(...RESULTS)
    .required()
    .label('Kết quả'),
  seen: seen.when('outcome', { is: 'mismatch', then: Joi.required(), otherwise: Joi.forbidden() }),
});

export interface BatchBody {
  selection: Selection;
  communeCode?: string;
  limit?: number;
}
export const batchBody = Joi.object<BatchBody>({
  selection: Joi.string()
    .valid(...SELECTIONS)
    .required()
    .label('Chọn hồ sơ'),
  communeCode: Joi.string()
    .pattern(/^[0-9]{5}$/)
    .label('Xã/phường')
    .when('selection', { is: 'commune', then: Joi.required(), otherwise: Joi.forbidden() }),
  limit: Joi.number().integer().min(1).max(BATCH_MAX_ROWS).label('Số hồ sơ tối đa'),
});

export const fileQuery = Joi.object<{ format: 'csv' | 'xlsx' }>({
  format: Joi.string().valid('csv', 'xlsx').default('xlsx').label('Định dạng'),
});

export const workerQuery = Joi.object<{ workerId: number }>({ workerId: id().required().label('Người lao động') });

export const correctionsQuery = Joi.object<{
  batchId?: number;
  workerId?: number;
  status?: 'proposed' | 'accepted' | 'rejected';
}>({
  batchId: id().label('Lô'),
  workerId: id().label('Người lao động'),
  status: Joi.string().valid('proposed', 'accepted', 'rejected').label('Trạng thái'),
});

export interface ResolveBody {
  decision: 'not_same_person' | 'same_person';
  keptWorkerId?: number;
  note: string;
}
export const resolveBody = Joi.object<ResolveBody>({
  decision: Joi.string().valid('not_same_person', 'same_person').required().label('Quyết định'),
  keptWorkerId: id()
    .label('Hồ sơ được giữ lại')
    .when('decision', { is: 'same_person', then: Joi.required(), otherwise: Joi.forbidden() }),
  note: Joi.string().trim().min(3).max(2000).required().label('Ghi chú'),
});

export const duplicatesQuery = Joi.object<{ status?: 'open' | 'not_same_person' | 'same_person' }>({
  status: Joi.string().valid('open', 'not_same_person', 'same_person').label('Trạng thái'),
});
