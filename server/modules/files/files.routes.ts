// Files on their own: upload one (a consent form, a return's evidence) to cite its id in a later request, and read
// back one you may read. Scans of papers travel with the paper instead (POST /workers/:id/papers).
import Joi from '../../shared/joi';
import { apiRouter } from '../../shared/api';
import { actorOf, requirePermission } from '../../shared/auth/access';
import {
  contentDisposition,
  dataFileUpload,
  fileStore,
  requireReadableFile,
  type ReceivedFile,
} from '../../shared/files';
import { ValidationError, NotFoundError } from '../../shared/errors';
import { recordAccess } from '../../shared/audit';
import { idParams } from '../../shared/schemas';

const { router, define } = apiRouter('/api/v1');

const fileOut = Joi.object({
  id: Joi.number(),
  name: Joi.string(),
  mime: Joi.string(),
  size: Joi.number(),
  sha256: Joi.string(),
});

define({
  method: 'post',
  path: '/files',
  access: requirePermission('files:upload'),
  tag: 'files',
  status: 201,
  // streamed to disk, typed from its first bytes and hashed as it arrives (a 50 MB import blocks no one)
  before: [dataFileUpload('file')],
  operationId: 'uploadFile',
  summary:
    'Store one file sent as multipart/form-data in field `file`, typed from the content: PDF, JPEG or PNG (≤ 10 MB; cite its id as evidence), or CSV (UTF-8) or XLSX (≤ 50 MB, for imports)',
  response: fileOut,
  errors: [413],
  handler: async ({ req }) => {
    if (!req.file)
      throw new ValidationError([
        { path: 'file', message: 'Cần gửi một tệp trong trường «file» (multipart/form-data)' },
      ]);
    const actor = actorOf(req);
    const stored = await fileStore().putReceived(req.file as unknown as ReceivedFile, {
      uploaderUserId: actor.userId,
      accept: 'any',
    });
    const info = (await fileStore().info([stored.id])).get(stored.id)!;
    return { data: info };
  },
});

define({
  method: 'get',
  path: '/files/:id',
  access: requirePermission('files:read'),
  tag: 'files',
  operationId: 'getFile',
  summary: 'A file you may read (uploaded by you, or by your agency), as an attachment; others answer 404',
  params: idParams,
  handler: async ({ params, req, res }) => {
    const actor = actorOf(req);
    await requireReadableFile(actor, params.id, 'id');
    const file = await fileStore().get(params.id);
    if (!file) throw new NotFoundError('Không tìm thấy tệp');
    await recordAccess(actor, 'scan.downloaded', 'file', params.id);
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

export { router as filesApi };
