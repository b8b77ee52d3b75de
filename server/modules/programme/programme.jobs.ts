// The nightly job of programme results: tag every successful connection of an eligible worker not yet tagged, and
// fill the procurement mode of tags made before the province entered it (programme.outputs.ts). Idempotent.
import { defineJob } from '../../shared/queue';
import { tagOutputs } from './programme.outputs';

export const TAG_OUTPUTS_JOB = 'programme.tag-outputs';

defineJob({
  name: TAG_OUTPUTS_JOB,
  label: 'Gắn kết quả chương trình cho các kết nối việc làm thành công (hằng đêm)',
  handler: () => tagOutputs(),
  expireInSeconds: 3600,
  retryLimit: 2,
  recordRuns: true,
});
