// The population-database port over JSON (/api/v1): manual verifications and the log, batches with their request and
// result files and reconciliation report, corrections to accept, and the admin's suspected duplicates. Every query is
// scoped: another organisation's batch, log or correction answers 404.
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { ValidationError } from '../../shared/errors';
import { dataFileUpload, discardReceived, type ReceivedFile } from '../../shared/files';
import { idParams } from '../../shared/schemas';
import * as s from './identity.schemas';
import * as batches from './identity.batches';
import * as service from './identity.service';
import * as duplicates from './identity.duplicates';

const { router, define } = apiRouter('/api/v1');
const tag = 'identity';

define({
  method: 'post',
  path: '/identity-verifications',
  access: requirePermission('identity:verify'),
  tag,
  status: 201,
  operationId: 'verifyIdentityManually',
  summary:
    'Record a manual check of a worker against the chip ID card, VNeID or paper (verified, mismatch with the values seen, or not found); request and answer are logged (Decree 47/2020 Art 45)',
  body: s.manualBody,
  errors: [404],
  handler: async ({ body, req }) => {
    const { workerId, ...input } = body;
    return { data: await service.verifyManually(actorOf(req), workerId, input) };
  },
});

define({
  method: 'get',
  path: '/identity-verifications',
  access: requirePermission('identity:verify'),
  tag,
  operationId: 'listIdentityVerifications',
  summary: "A worker's verification log (requests and answers, newest first); a worker outside your scope answers 404",
  query: s.workerQuery,
  handler: async ({ query, req }) => ({ data: await service.workerLog(actorOf(req), query.workerId) }),
});

define({
  method: 'post',
  path: '/identity-batches',
  access: requirePermission('identity:batch'),
  tag,
  status: 201,
  operationId: 'createIdentityBatch',
  summary: 'Make a request batch for the population database from your workers (all, not yet verified, or a commune)',
  body: s.batchBody,
  handler: async ({ body, req }) => ({ data: await batches.createBatch(actorOf(req), body) }),
});

define({
  method: 'get',
  path: '/identity-batches',
  access: requirePermission('identity:batch'),
  tag,
  operationId: 'listIdentityBatches',
  summary: 'Your request batches, newest first',
  handler: async ({ req }) => ({ data: await batches.listBatches(actorOf(req)) }),
});

define({
  method: 'get',
  path: '/identity-batches/:id',
  access: requirePermission('identity:batch'),
  tag,
  operationId: 'getIdentityBatch',
  summary: 'A batch with the progress of its import (rows read of the total)',
  params: idParams,
  handler: async ({ params, req }) => ({ data: await batches.getBatch(actorOf(req), params.id) }),
});

define({
  method: 'get',
  path: '/identity-batches/:id/request-file',
  access: requirePermission('identity:batch'),
  tag,
  operationId: 'getIdentityRequestFile',
  summary:
    'The request file (CSV or XLSX): batch id, row number, personal ID, full name, date of birth dd/mm/yyyy, sex',
  params: idParams,
  query: s.fileQuery,
  handler: async ({ params, query, req, res }) => {
    const f = await batches.requestFile(actorOf(req), params.id, query.format);
    res
      .status(200)
      .set({
        'Content-Type': f.mime,
        'Content-Disposition': `attachment; filename="${f.name}"`,
        'Content-Length': String(f.bytes.length),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      .end(f.bytes);
  },
});

define({
  method: 'post',
  path: '/identity-batches/:id/result-file',
  access: requirePermission('identity:batch'),
  tag,
  status: 202,
  // streamed to disk, typed and hashed as it arrives: CSV (UTF-8) or XLSX up to 50 MB
  before: [dataFileUpload('file')],
  operationId: 'importIdentityResultFile',
  summary:
    "Send the population database's result file (CSV or XLSX ≤ 50 MB, multipart field `file`: row number or personal ID, status found/not found, the registry's name, date of birth, sex, and optionally a corrected personal ID); the import runs in the background",
  params: idParams,
  errors: [404, 409, 413],
  handler: async ({ params, req }) => {
    const file = req.file as unknown as ReceivedFile | undefined;
    if (!file) throw new ValidationError([{ path: 'file', message: 'Cần gửi tệp kết quả trong trường «file»' }]);
    try {
      return { data: await batches.startImport(actorOf(req), params.id, file) };
    } finally {
      await discardReceived(file);
    }
  },
});

define({
  method: 'get',
  path: '/identity-batches/:id/report',
  access: requirePermission('identity:batch'),
  tag,
  operationId: 'getIdentityReconciliation',
  summary:
    'The reconciliation report (đối soát): matched, mismatched by field, not found, CCCD collisions held for the admin',
  params: idParams,
  handler: async ({ params, req }) => ({ data: await batches.batchReport(actorOf(req), params.id) }),
});

define({
  method: 'post',
  path: '/identity-batches/:id/accept-corrections',
  access: requirePermission('identity:batch'),
  tag,
  operationId: 'acceptIdentityBatchCorrections',
  summary: "Accept every open correction of a batch: the registry's values are applied and the workers verified",
  params: idParams,
  handler: async ({ params, req }) => {
    await batches.getBatch(actorOf(req), params.id);
    return { data: await service.acceptCorrections(actorOf(req), { batchId: params.id }) };
  },
});

define({
  method: 'get',
  path: '/identity-corrections',
  access: requirePermission('identity:verify'),
  tag,
  operationId: 'listIdentityCorrections',
  summary: 'Corrections proposed by the population database or a manual check, in your scope',
  query: s.correctionsQuery,
  handler: async ({ query, req }) => ({ data: await service.listCorrections(actorOf(req), query) }),
});

define({
  method: 'post',
  path: '/identity-corrections/:id/accept',
  access: requirePermission('identity:verify'),
  tag,
  operationId: 'acceptIdentityCorrection',
  summary: 'Accept one correction (the re-verification path: verified identity fields change only so)',
  params: idParams,
  handler: async ({ params, req }) => ({
    data: await service.acceptCorrections(actorOf(req), { ids: [params.id] }),
  }),
});

define({
  method: 'post',
  path: '/identity-corrections/:id/reject',
  access: requirePermission('identity:verify'),
  tag,
  operationId: 'rejectIdentityCorrection',
  summary: 'Reject one proposed correction',
  params: idParams,
  errors: [409],
  handler: async ({ params, req }) => {
    await service.rejectCorrection(actorOf(req), params.id);
  },
});

define({
  method: 'get',
  path: '/identity-duplicates',
  access: requirePermission('identity:duplicates'),
  tag,
  operationId: 'listIdentityDuplicates',
  summary: 'Suspected duplicates: a corrected CCCD that belongs to another worker (both records masked)',
  query: s.duplicatesQuery,
  response: Joi.array(),
  handler: async ({ query, req }) => ({ data: await duplicates.listDuplicates(actorOf(req), query.status) }),
});

define({
  method: 'post',
  path: '/identity-duplicates/:id/resolve',
  access: requirePermission('identity:duplicates'),
  tag,
  operationId: 'resolveIdentityDuplicate',
  summary:
    'Record the decision on a suspected duplicate: not the same person, or the same person and the record kept (no merge)',
  params: idParams,
  body: s.resolveBody,
  errors: [409],
  handler: async ({ params, body, req }) => ({
    data: await duplicates.resolveDuplicate(actorOf(req), params.id, body),
  }),
});

export { router as identityApi };
