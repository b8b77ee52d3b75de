// The admin's occupation codes (/admin/nghe-nghiep): the versions of Decision 34/2020's list (in force, drafts,
// retired), the import of a new version from a CSV file (every problem listed with its line, nothing written until
// the file is clean), putting a version in force after a confirmation step, and one version's codes.
import express, { type Request, type Response } from 'express';
import { actorOf, requirePermission } from '../../shared/auth/access';
import { dateInVietnam } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { AppError, ConflictError, ValidationError, type FieldProblem } from '../../shared/errors';
import { receiveFile } from '../../shared/files';
import {
  checkForm,
  fieldErrors,
  flashNext,
  formValues,
  isConfirmed,
  pageContext,
  pageFilters,
  refusalMessage,
  renderConfirm,
} from '../../shared/pages';
import { check } from '../../shared/validate';
import {
  activateOccupationVersion,
  activeOccupationVersion,
  checkOccupationCsv,
  getOccupationVersion,
  importOccupationVersion,
  listOccupationVersions,
  MAX_OCCUPATION_CSV_CHARS,
  occupationsOfVersion,
  VERSION_PAGE_LIMIT,
  type OccupationVersion,
  type OccupationVersionStatus,
} from './reference.occupations';
import * as s from './reference.schemas';

export const referencePages = express.Router();

const BASE = '/admin/nghe-nghiep';
const STATUS_LABELS: Record<OccupationVersionStatus, string> = {
  draft: 'Nháp',
  active: 'Đang áp dụng',
  retired: 'Đã thay thế',
};
const dayOf = (at: Date | null) => (at ? formatDateVi(dateInVietnam(new Date(at))) : '');
const NOT_UTF8 =
  'Tệp không phải văn bản UTF-8: hãy lưu lại tệp dạng «CSV UTF-8 (phân tách bằng dấu phẩy)» rồi chọn lại (tệp Excel .xlsx hoặc bảng mã Windows không đọc được)';

const versionView = (v: OccupationVersion) => ({
  ...v,
  statusText: STATUS_LABELS[v.status],
  active: v.status === 'active',
  canActivate: v.status !== 'active',
  importedOn: dayOf(v.createdAt),
  activatedOn: dayOf(v.activatedAt),
});

/** A line problem ('csv.line12') as the page lists it: the line and the message. */
function problemsOf(details: FieldProblem[]): { line: number | null; message: string }[] {
  return details
    .filter((d) => d.path === 'csv' || d.path.startsWith('csv.'))
    .map((d) => {
      const line = /^csv\.line(\d+)$/.exec(d.path)?.[1];
      return { line: line ? Number(line) : null, message: d.message };
    });
}

async function renderList(
  req: Request,
  res: Response,
  status = 200,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
  problems: { line: number | null; message: string }[] = [],
) {
  const versions = await listOccupationVersions();
  const active = versions.find((v) => v.status === 'active') ?? null;
  res.status(status).render(
    'reference/occupation-versions',
    pageContext(req, 'Danh mục nghề nghiệp', {
      versions: versions.map(versionView),
      active: active ? versionView(active) : null,
      expectedActiveId: active ? String(active.id) : '',
      values,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      problems,
      maxMb: Math.round(MAX_OCCUPATION_CSV_CHARS / (1024 * 1024)),
    }),
  );
}

referencePages.get(BASE, requirePermission('reference:manage'), (req, res) => renderList(req, res));

/** The uploaded file as text: UTF-8 only (a BOM is allowed), at most 2 MB. */
function csvText(file: Express.Multer.File | undefined): { csv?: string; error?: string } {
  if (!file || file.size === 0) return { error: 'Hãy chọn tệp CSV danh mục nghề (UTF-8)' };
  if (file.size > MAX_OCCUPATION_CSV_CHARS)
    return { error: `Tệp quá lớn: tối đa ${Math.round(MAX_OCCUPATION_CSV_CHARS / (1024 * 1024))} MB` };
  try {
    return { csv: new TextDecoder('utf-8', { fatal: true }).decode(file.buffer) };
  } catch {
    return { error: NOT_UTF8 };
  }
}

referencePages.post(BASE, requirePermission('reference:manage'), async (req, res) => {
  const errors: Record<string, string> = {};
  try {
    await receiveFile(req, res, 'file');
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 413].includes(err.status)) throw err;
    errors.file = err instanceof ValidationError ? refusalMessage(err) : err.message;
  }
  const typed = formValues(req.body ?? {});
  const values = { name: typed.name, source: typed.source };
  let input: { name: string; source: string } | null = null;
  try {
    input = checkForm(s.occupationVersionForm, req.body ?? {});
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    Object.assign(errors, fieldErrors(err));
  }
  let problems: { line: number | null; message: string }[] = [];
  let csv: string | undefined;
  if (!errors.file) {
    const read = csvText(req.file);
    if (read.error) errors.file = read.error;
    else {
      csv = read.csv;
      const checked = checkOccupationCsv(csv!).problems;
      problems = checked.map((p) => ({ line: p.line || null, message: p.message }));
      if (checked.length)
        errors.file = `Tệp có ${checked.length} lỗi (danh sách bên dưới): chưa nhập gì. Sửa tệp rồi chọn lại.`;
    }
  }
  if (Object.keys(errors).length || !input || csv === undefined)
    return renderList(req, res, 400, values, errors, problems);
  try {
    const v = await importOccupationVersion(actorOf(req), { ...input, csv });
    flashNext(
      res,
      `Đã nhập phiên bản «${v.name}»: ${v.codeCount} mã, cấp 1–${v.maxLevel}, ở trạng thái Nháp. Xem lại các mã rồi bấm «Áp dụng phiên bản này».`,
    );
    res.redirect(303, `${BASE}/${v.id}`);
  } catch (err) {
    if (err instanceof ConflictError) return renderList(req, res, 409, values, { name: err.message });
    if (!(err instanceof ValidationError)) throw err;
    const details = (err.details as FieldProblem[]) ?? [];
    const fieldsOnly = Object.fromEntries(
      details.filter((d) => !d.path.startsWith('csv')).map((d) => [d.path, d.message]),
    );
    const lines = problemsOf(details);
    return renderList(
      req,
      res,
      400,
      values,
      {
        ...fieldsOnly,
        ...(lines.length ? { file: `Tệp có ${lines.length} lỗi (danh sách bên dưới): chưa nhập gì.` } : {}),
      },
      lines,
    );
  }
});

referencePages.get(`${BASE}/:id`, requirePermission('reference:manage'), async (req, res) => {
  const { id } = check(s.occupationVersionIdParams, req.params);
  const version = await getOccupationVersion(id);
  const { query, notice } = pageFilters(s.versionCodesQuery, req.query);
  const q = query.q ?? '';
  const active = await activeOccupationVersion();
  const codes = (await occupationsOfVersion(id, q || undefined)).map((c) => ({
    ...c,
    indent: 0.5 + (c.level - 1) * 1.5,
    group: c.level < version.maxLevel,
  }));
  res.render(
    'reference/occupation-version',
    pageContext(req, version.name, {
      flash: req.flash ?? notice,
      v: versionView(version),
      q,
      codes,
      capped: codes.length >= VERSION_PAGE_LIMIT,
      limit: VERSION_PAGE_LIMIT,
      expectedActiveId: active ? String(active.id) : '',
      activeName: active?.name ?? null,
    }),
  );
});

referencePages.post(`${BASE}/:id/activate`, requirePermission('reference:manage'), async (req, res) => {
  const { id } = check(s.occupationVersionIdParams, req.params);
  const version = await getOccupationVersion(id);
  let input: { expectedActiveId: number | null };
  try {
    input = check(s.activateOccupationVersionForm, formValues(req.body ?? {}, { nullable: ['expectedActiveId'] }));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    flashNext(res, `Chưa áp dụng được: ${refusalMessage(err)}`, 'error');
    return res.redirect(303, `${BASE}/${id}`);
  }
  if (version.status === 'active') {
    flashNext(res, `Phiên bản «${version.name}» đang được áp dụng.`, 'notice');
    return res.redirect(303, BASE);
  }
  if (!isConfirmed(req.body)) {
    const active = await activeOccupationVersion();
    return renderConfirm(req, res, {
      heading: 'Áp dụng phiên bản danh mục nghề này?',
      subject: `«${version.name}»${version.synthetic ? ' (GIẢ LẬP – không dùng thật)' : ''}`,
      consequence: active
        ? `Hồ sơ mới chọn mã nghề từ phiên bản này; phiên bản «${active.name}» chuyển sang «Đã thay thế». Hồ sơ đã ghi giữ mã và tên theo phiên bản của chúng.`
        : 'Hồ sơ mới chọn mã nghề từ phiên bản này. Hồ sơ đã ghi giữ mã và tên theo phiên bản của chúng.',
      details: [
        { label: 'Nguồn', value: version.source },
        { label: 'Số mã', value: `${version.codeCount} (cấp 1–${version.maxLevel})` },
      ],
      target: `${BASE}/${id}/activate`,
      back: `${BASE}/${id}`,
      confirmLabel: 'Áp dụng phiên bản này',
    });
  }
  try {
    const before = await activeOccupationVersion();
    const done = await activateOccupationVersion(actorOf(req), id, { expectedActiveId: input.expectedActiveId });
    flashNext(
      res,
      `Đã áp dụng phiên bản «${done.name}».${before && before.id !== done.id ? ` Phiên bản «${before.name}» chuyển sang «Đã thay thế».` : ''}`,
    );
    res.redirect(303, BASE);
  } catch (err) {
    if (!(err instanceof AppError) || ![400, 409].includes(err.status)) throw err;
    flashNext(res, `Chưa áp dụng được: ${refusalMessage(err)}`, 'error');
    res.redirect(303, BASE);
  }
});
