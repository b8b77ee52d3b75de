import Joi from '../../shared/joi';
import type { Request } from 'express';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { contentDisposition, fileUpload } from '../../shared/files';
import * as s from './papers.schemas';
import * as service from './papers.service';

const { router, define } = apiRouter('/api/v1');

/** The scan of a multipart request (field `scan`), when one came. */
const scanOf = (req: Request): service.Scan | undefined =>
  req.file ? { bytes: req.file.buffer, name: req.file.originalname } : undefined;

define({
  method: 'get',
  path: '/workers/:id/papers',
  access: requirePermission('papers:read'),
  tag: 'papers',
  operationId: 'listWorkerPapers',
  summary: "A worker's papers and the papers of their cases in my scope",
  params: s.idParams,
  response: Joi.array().items(s.paperOut),
  handler: async ({ params, req }) => ({ data: await service.listWorkerPapers(actorOf(req), params.id) }),
});

// NOTE: multer runs in `before`, after the permission check: nobody streams a file into memory without the right.
define({
  method: 'post',
  path: '/workers/:id/papers',
  access: requirePermission('papers:write'),
  tag: 'papers',
  status: 201,
  before: [fileUpload('scan')],
  operationId: 'createWorkerPaper',
  summary:
    'Record a passport, health or criminal-record certificate or orientation certificate of a worker; JSON, or multipart/form-data with the scan (PDF, JPEG or PNG, ≤ 10 MB) in field `scan`',
  params: s.idParams,
  body: s.workerPaperBody,
  response: s.paperOut,
  handler: async ({ params, body, req }) => ({
    data: await service.createWorkerPaper(actorOf(req), params.id, body, scanOf(req)),
  }),
});

define({
  method: 'post',
  path: '/cases/:id/papers',
  access: requirePermission('papers:write'),
  tag: 'papers',
  status: 201,
  before: [fileUpload('scan')],
  operationId: 'createCasePaper',
  summary:
    'Record the visa or entry permit, or the work permit or certificate of eligibility, of a case; JSON, or multipart/form-data with the scan in field `scan`',
  params: s.idParams,
  body: s.casePaperBody,
  response: s.paperOut,
  handler: async ({ params, body, req }) => ({
    data: await service.createCasePaper(actorOf(req), params.id, body, scanOf(req)),
  }),
});

define({
  method: 'get',
  path: '/papers/:id/file',
  access: requirePermission('papers:read'),
  tag: 'papers',
  operationId: 'getPaperFile',
  summary: "A paper's scan as an attachment, for people who may see the paper (others get 404)",
  params: s.idParams,
  handler: async ({ params, req, res }) => {
    const file = await service.paperFile(actorOf(req), params.id);
    res
      .status(200)
      .set({
        'Content-Type': file.mime,
        'Content-Length': String(file.bytes.length),
        'Content-Disposition': contentDisposition(file.name),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      })
      .end(file.bytes);
  },
});

export { router as papersApi };
