// Documents over the API: issue, read, the PDF, revoke, reissue (a correction that supersedes).
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { idParams } from '../../shared/schemas';
import { sendBytes } from '../../shared/files';
import * as s from './documents.schemas';
import * as service from './documents.service';
import * as batches from './documents.batches';

const { router, define } = apiRouter('/api/v1');

define({
  method: 'post',
  path: '/documents',
  access: requirePermission('documents:issue'),
  tag: 'documents',
  status: 201,
  operationId: 'issueDocument',
  summary:
    'Issue a document from a template for a subject (a case id): numbered in the transaction, its PDF drawn by a job (status rendering → issued)',
  body: s.issueBody,
  errors: [404, 409],
  response: s.documentOut,
  handler: async ({ body, req }) => ({
    data: await service.issueDocument(actorOf(req), body.template, body.subjectId),
  }),
});

define({
  method: 'post',
  path: '/documents/batches',
  access: requirePermission('documents:issue'),
  tag: 'documents',
  status: 202,
  operationId: 'startDocumentBatch',
  summary:
    'Issue one template for up to 500 cases: a durable job numbers and draws each; poll the batch, then fetch its ZIP',
  body: s.batchBody,
  response: s.batchOut,
  handler: async ({ body, req }) => ({ data: await batches.startBatch(actorOf(req), body.template, body.subjectIds) }),
});

define({
  method: 'get',
  path: '/documents/batches/:id',
  access: requirePermission('documents:issue'),
  tag: 'documents',
  operationId: 'getDocumentBatch',
  summary: "A batch's progress (done, failed with reasons, percent)",
  params: idParams,
  errors: [404],
  response: s.batchOut,
  handler: async ({ params, req }) => ({ data: await batches.getBatch(actorOf(req), params.id) }),
});

define({
  method: 'get',
  path: '/documents/batches/:id/zip',
  access: requirePermission('documents:issue'),
  tag: 'documents',
  operationId: 'getDocumentBatchZip',
  summary: "The batch's PDFs in one ZIP, streamed (409 until the batch is done)",
  params: idParams,
  errors: [404, 409],
  handler: async ({ params, req, res }) => {
    await batches.streamBatchZip(actorOf(req), params.id, res);
  },
});

define({
  method: 'get',
  path: '/documents/:id',
  access: requirePermission('documents:read'),
  tag: 'documents',
  operationId: 'getDocument',
  summary: "A document's metadata and live status",
  params: idParams,
  errors: [404],
  response: s.documentOut,
  handler: async ({ params, req }) => ({ data: await service.getDocument(actorOf(req), params.id) }),
});

define({
  method: 'get',
  path: '/documents/:id/pdf',
  access: requirePermission('documents:read'),
  tag: 'documents',
  operationId: 'getDocumentPdf',
  summary: "A document's PDF (409 while it is still being drawn)",
  params: idParams,
  errors: [404, 409],
  handler: async ({ params, req, res }) => {
    const { doc, bytes } = await service.documentPdf(actorOf(req), params.id);
    sendBytes(res, bytes, 'application/pdf', `inline; filename="van-ban-${doc.id}.pdf"`);
  },
});

define({
  method: 'post',
  path: '/documents/:id/revoke',
  access: requirePermission('documents:issue'),
  tag: 'documents',
  operationId: 'revokeDocument',
  summary: 'Revoke an issued document, with the reason (its verify page then says so)',
  params: idParams,
  body: s.reasonBody,
  errors: [404, 409],
  response: s.documentOut,
  handler: async ({ params, body, req }) => ({
    data: await service.revokeDocument(actorOf(req), params.id, body.reason),
  }),
});

define({
  method: 'post',
  path: '/documents/:id/reissue',
  access: requirePermission('documents:issue'),
  tag: 'documents',
  status: 201,
  operationId: 'reissueDocument',
  summary: "Issue a corrected version from today's data; the earlier one becomes superseded",
  params: idParams,
  body: s.reasonBody,
  errors: [404, 409],
  response: s.documentOut,
  handler: async ({ params, body, req }) => ({
    data: await service.reissueDocument(actorOf(req), params.id, body.reason),
  }),
});

export { router as documentsApi };
