// Batch files for the National Job Exchange (Sàn giao dịch việc làm quốc gia; DOMAIN.md §15.2, E4). No public API is
// known, so a centre exports batches (job seekers, vacancies, Mẫu 04 connection results) as CSV (UTF-8 with a byte
// order mark, comma-separated, RFC 4180 quoting, one header row, CRLF) and XLSX with the same columns. The layouts
// below are the documentation (the page /viec-lam/bao-cao/san-viec-lam/dinh-dang lists them column by column).
//
// A batch records exactly the rows it carries (nje_export_rows); its files are drawn from those rows. Staff mark a
// batch sent, with the day and the Exchange's reference: only then is the E4 obligation of each Mẫu 04 row it carries
// met — through the exchange's own record_nje transition of each referral (its event, its obligation), all in the one
// transaction of the marking. A connections batch carries at most 500 rows (E4 gives 20 working days: batches are
// small), so the marking stays a short transaction.
//
// Never exported: ethnicity, religion, priority groups (disability, ethnic minority, poor household), household
// status, contact details. The personal ID is exported in full (it is the Exchange's key): every download of a
// batch carrying people is written to the access log.
import ExcelJS from 'exceljs';
import { inTransaction } from '../../db/sequelize';
import { execute, select } from '../../db/sql';
import type { Actor } from '../../shared/auth/permissions';
import { recordAccess, recordAudit } from '../../shared/audit';
import { maskCccd } from '../../shared/cccd';
import { now } from '../../shared/clock';
import { formatDateVi } from '../../shared/dates';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { GENERAL_EDUCATION_LABELS, TECHNICAL_LEVEL_LABELS } from '../../shared/labour-scales';
import { transitionReferral } from '../exchange';
import { ownCentre, scopeWhere } from './exchange-reports.service';

export const EXPORT_KINDS = ['job_seekers', 'vacancies', 'connections'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  job_seekers: 'Người tìm việc (Mẫu 01, 01a)',
  vacancies: 'Việc làm trống (Mẫu 03a)',
  connections: 'Kết quả kết nối việc làm (Mẫu 04)',
};
const FILE_SLUG: Record<ExportKind, string> = {
  job_seekers: 'nguoi-tim-viec',
  vacancies: 'viec-lam-trong',
  connections: 'ket-qua-ket-noi',
};
const MAX_ROWS: Record<ExportKind, number> = { job_seekers: 50_000, vacancies: 50_000, connections: 500 };

type Row = Record<string, unknown>;
export interface Column {
  header: string;
  /** what the column holds, for the layout page */
  meaning: string;
  value: (r: Row) => string | number | null;
}

const d = (v: unknown) => (v ? formatDateVi(String(v)) : '');
const sex = (v: unknown) => (v === 'male' ? 'Nam' : v === 'female' ? 'Nữ' : '');
const yesNo = (v: unknown) => (v === true ? 'Có' : v === false ? 'Không' : '');
const CONTRACT: Record<string, string> = {
  indefinite: 'Không xác định thời hạn',
  fixed_term: 'Xác định thời hạn',
  seasonal: 'Mùa vụ',
};
const EXPERIENCE: Record<string, string> = {
  none: 'Chưa có',
  lt1: 'Dưới 1 năm',
  y1_2: 'Từ 1 đến 2 năm',
  y2_5: 'Từ 2 đến 5 năm',
  gt5: 'Trên 5 năm',
};
const MODE: Record<string, string> = { in_person: 'Trực tiếp', online: 'Trực tuyến', any: 'Trực tiếp hoặc trực tuyến' };
const VACANCY_STATE: Record<string, string> = { open: 'Đang tuyển', filled: 'Đã tuyển đủ', closed: 'Đã đóng' };
const label = (m: Record<string, string>) => (v: unknown) => (v ? (m[String(v)] ?? String(v)) : '');
const WAGE_MEANING =
  'Mã mức lương tháng (Mẫu 04): 1 dưới 5 triệu, 2 từ 5 đến 10 triệu, 3 từ 10 đến 20 triệu, 4 từ 20 đến 50 triệu, 5 trên 50 triệu đồng; để trống khi lương thỏa thuận hoặc theo hoa hồng';

export const LAYOUTS: Record<ExportKind, Column[]> = {
  job_seekers: [
    {
      header: 'Mã trung tâm',
      meaning: 'Mã của trung tâm dịch vụ việc làm trong Hành Trang',
      value: (r) => Number(r.centre_id),
    },
    { header: 'Mã hồ sơ', meaning: 'Mã hồ sơ người tìm việc trong Hành Trang', value: (r) => Number(r.id) },
    {
      header: 'Số định danh cá nhân',
      meaning: 'Số định danh cá nhân (CCCD) 12 chữ số, đầy đủ',
      value: (r) => String(r.cccd),
    },
    { header: 'Họ và tên', meaning: 'Họ, chữ đệm và tên', value: (r) => String(r.full_name) },
    { header: 'Ngày sinh', meaning: 'Ngày sinh, dd/mm/yyyy', value: (r) => d(r.date_of_birth) },
    { header: 'Giới tính', meaning: 'Nam hoặc Nữ', value: (r) => sex(r.sex) },
    {
      header: 'Trình độ giáo dục phổ thông',
      meaning: 'Chưa tốt nghiệp tiểu học, Tiểu học, Trung học cơ sở, Trung học phổ thông',
      value: (r) => label(GENERAL_EDUCATION_LABELS)(r.general_education),
    },
    {
      header: 'Trình độ chuyên môn kỹ thuật',
      meaning: 'Từ «Chưa qua đào tạo» đến «Tiến sĩ»',
      value: (r) => label(TECHNICAL_LEVEL_LABELS)(r.technical_level),
    },
    {
      header: 'Chuyên ngành đào tạo',
      meaning: 'Lĩnh vực đào tạo (nếu có)',
      value: (r) => (r.training_field as string) ?? '',
    },
    { header: 'Công việc mong muốn', meaning: 'Tên công việc mong muốn', value: (r) => String(r.job_title) },
    {
      header: 'Mã nghề',
      meaning: 'Mã nghề cấp 1–4 (Quyết định 34/2020/QĐ-TTg)',
      value: (r) => String(r.occupation_code),
    },
    { header: 'Vị trí', meaning: 'Vị trí việc làm mong muốn', value: (r) => String(r.position) },
    {
      header: 'Kinh nghiệm',
      meaning: 'Chưa có, Dưới 1 năm, … Trên 5 năm',
      value: (r) => label(EXPERIENCE)(r.experience),
    },
    {
      header: 'Tỉnh làm việc 1',
      meaning: 'Mã tỉnh nơi làm việc mong muốn thứ nhất',
      value: (r) => String(r.province_1),
    },
    {
      header: 'Xã làm việc 1',
      meaning: 'Mã xã nơi làm việc mong muốn thứ nhất (nếu có)',
      value: (r) => (r.commune_1 as string) ?? '',
    },
    {
      header: 'Tỉnh làm việc 2',
      meaning: 'Mã tỉnh nơi làm việc mong muốn thứ hai (nếu có)',
      value: (r) => (r.province_2 as string) ?? '',
    },
    {
      header: 'Loại hợp đồng',
      meaning: 'Không xác định thời hạn, Xác định thời hạn, Mùa vụ',
      value: (r) => label(CONTRACT)(r.contract_type),
    },
    { header: 'Toàn thời gian', meaning: 'Có hoặc Không', value: (r) => yesNo(r.full_time) },
    { header: 'Mã mức lương', meaning: WAGE_MEANING, value: (r) => (r.wage_code === null ? '' : Number(r.wage_code)) },
    { header: 'Sẵn sàng làm việc từ', meaning: 'Ngày, dd/mm/yyyy', value: (r) => d(r.available_from) },
    {
      header: 'Hình thức tuyển dụng',
      meaning: 'Trực tiếp, Trực tuyến, hoặc cả hai',
      value: (r) => label(MODE)(r.recruitment_mode),
    },
    { header: 'Muốn làm việc ở nước ngoài', meaning: 'Có hoặc Không', value: (r) => yesNo(r.wants_abroad) },
    { header: 'Ngày đăng ký', meaning: 'Ngày đăng ký tìm việc, dd/mm/yyyy', value: (r) => d(r.registered_on) },
  ],
  vacancies: [
    {
      header: 'Mã trung tâm',
      meaning: 'Mã của trung tâm dịch vụ việc làm trong Hành Trang',
      value: (r) => Number(r.centre_id),
    },
    { header: 'Mã việc làm', meaning: 'Mã việc làm trống trong Hành Trang', value: (r) => Number(r.id) },
    {
      header: 'Tên người sử dụng lao động',
      meaning: 'Tên doanh nghiệp hoặc cá nhân (Mẫu 03)',
      value: (r) => String(r.employer_name),
    },
    {
      header: 'Mã số doanh nghiệp / mã số thuế',
      meaning: 'Mã số doanh nghiệp (10 hoặc 13 chữ số); trống khi là cá nhân',
      value: (r) => (r.enterprise_code as string) ?? '',
    },
    {
      header: 'Ngành kinh tế chính',
      meaning: 'Mã ngành cấp 1 (A–U) của người sử dụng lao động',
      value: (r) => String(r.sector_code),
    },
    { header: 'Tên việc làm', meaning: 'Chức danh công việc (Mẫu 03a)', value: (r) => String(r.title) },
    { header: 'Số lượng cần tuyển', meaning: 'Số người cần tuyển', value: (r) => Number(r.number_to_hire) },
    { header: 'Đã tuyển', meaning: 'Số người đã được tuyển qua trung tâm', value: (r) => Number(r.hired_count) },
    {
      header: 'Mã nghề',
      meaning: 'Mã nghề cấp 1–4 (Quyết định 34/2020/QĐ-TTg)',
      value: (r) => String(r.occupation_code),
    },
    { header: 'Vị trí', meaning: 'Vị trí việc làm', value: (r) => String(r.position) },
    {
      header: 'Trình độ giáo dục phổ thông',
      meaning: 'Yêu cầu tối thiểu',
      value: (r) =>
        r.general_education === 'none' ? 'Không yêu cầu' : label(GENERAL_EDUCATION_LABELS)(r.general_education),
    },
    {
      header: 'Trình độ chuyên môn kỹ thuật',
      meaning: 'Yêu cầu tối thiểu',
      value: (r) => label(TECHNICAL_LEVEL_LABELS)(r.technical_level),
    },
    { header: 'Tỉnh nơi làm việc', meaning: 'Mã tỉnh', value: (r) => String(r.province_code) },
    { header: 'Xã nơi làm việc', meaning: 'Mã xã', value: (r) => String(r.commune_code) },
    {
      header: 'Khu công nghiệp',
      meaning: 'Tên khu công nghiệp (nếu có)',
      value: (r) => (r.industrial_zone as string) ?? '',
    },
    {
      header: 'Loại hợp đồng',
      meaning: 'Không xác định thời hạn, Xác định thời hạn, Mùa vụ',
      value: (r) => label(CONTRACT)(r.contract_type),
    },
    { header: 'Toàn thời gian', meaning: 'Có hoặc Không', value: (r) => yesNo(r.full_time) },
    { header: 'Mã mức lương', meaning: WAGE_MEANING, value: (r) => (r.wage_code === null ? '' : Number(r.wage_code)) },
    { header: 'Hạn tuyển dụng', meaning: 'Ngày, dd/mm/yyyy (E5)', value: (r) => d(r.deadline) },
    { header: 'Ngày nhận', meaning: 'Ngày trung tâm nhận việc làm, dd/mm/yyyy', value: (r) => d(r.opened_on) },
    { header: 'Tình trạng', meaning: 'Đang tuyển, Đã tuyển đủ, Đã đóng', value: (r) => label(VACANCY_STATE)(r.state) },
  ],
  connections: [
    {
      header: 'Mã kết nối',
      meaning: 'Mã giới thiệu trong Hành Trang (để đối chiếu số tham chiếu của Sàn)',
      value: (r) => Number(r.id),
    },
    {
      header: 'Số định danh cá nhân',
      meaning: 'Số định danh cá nhân (CCCD) 12 chữ số, đầy đủ',
      value: (r) => String(r.cccd),
    },
    { header: 'Họ và tên', meaning: 'Họ, chữ đệm và tên', value: (r) => String(r.full_name) },
    {
      header: 'Trình độ chuyên môn kỹ thuật',
      meaning: 'Trình độ của người lao động',
      value: (r) => label(TECHNICAL_LEVEL_LABELS)(r.technical_level),
    },
    { header: 'Giới tính', meaning: 'Nam hoặc Nữ', value: (r) => sex(r.sex) },
    {
      header: 'Tên người sử dụng lao động',
      meaning: 'Tên doanh nghiệp hoặc cá nhân tuyển dụng',
      value: (r) => String(r.employer_name),
    },
    {
      header: 'Mã số doanh nghiệp / mã số thuế',
      meaning: 'Mã số doanh nghiệp hoặc mã số thuế; số định danh khi là cá nhân; trống khi là chủ sử dụng ở nước ngoài',
      value: (r) => (r.employer_enterprise_code as string) ?? (r.employer_personal_id as string) ?? '',
    },
    {
      header: 'Ngành kinh tế chính',
      meaning: 'Mã ngành cấp 1 (A–U)',
      value: (r) => (r.employer_sector_code as string) ?? '',
    },
    {
      header: 'Địa chỉ',
      meaning: 'Địa chỉ của người sử dụng lao động',
      value: (r) => (r.employer_address as string) ?? '',
    },
    { header: 'Vị trí việc làm', meaning: 'Vị trí trong hợp đồng lao động', value: (r) => String(r.position) },
    { header: 'Mã mức lương', meaning: WAGE_MEANING, value: (r) => Number(r.wage_code) },
    {
      header: 'Ngày bắt đầu làm việc',
      meaning: 'Ngày bắt đầu làm việc thực tế, dd/mm/yyyy',
      value: (r) => d(r.start_on),
    },
    {
      header: 'Ghi chú',
      meaning: 'Làm việc ở nước ngoài (khi qua tổ chức đưa người lao động đi); ngày ký hợp đồng',
      value: (r) =>
        [r.abroad === true ? 'Làm việc ở nước ngoài' : '', r.signed_on ? `Ký hợp đồng ${d(r.signed_on)}` : '']
          .filter(Boolean)
          .join('; '),
    },
  ],
};

/** The rows a new batch of a kind carries: the centre's active job seekers, open vacancies, unreported hires. */
const PICK: Record<ExportKind, string> = {
  job_seekers: `SELECT id FROM job_seeker_export_facts WHERE centre_id = $1 AND status = 'active'`,
  vacancies: `SELECT id FROM vacancy_report_facts WHERE centre_id = $1 AND state = 'open'`,
  connections: `SELECT id FROM referral_report_facts WHERE centre_id = $1 AND state = 'hired' AND nje_entered_on IS NULL`,
};

/** A batch's rows with what its columns read, in the batch's order. */
const ROWS: Record<ExportKind, string> = {
  job_seekers: `SELECT s.*, w.cccd, w.full_name, w.date_of_birth, w.sex, w.general_education, w.technical_level
    FROM nje_export_rows x JOIN job_seeker_export_facts s ON s.id = x.row_id JOIN worker_exchange_facts w ON w.id = s.worker_id
    WHERE x.export_id = $1 ORDER BY x.position`,
  vacancies: `SELECT v.*, e.name AS employer_name, e.enterprise_code, e.sector_code
    FROM nje_export_rows x JOIN vacancy_report_facts v ON v.id = x.row_id JOIN employer_report_facts e ON e.id = v.employer_id
    WHERE x.export_id = $1 ORDER BY x.position`,
  connections: `SELECT f.*, w.cccd, w.full_name, w.sex, w.technical_level
    FROM nje_export_rows x JOIN referral_report_facts f ON f.id = x.row_id JOIN worker_exchange_facts w ON w.id = f.worker_id
    WHERE x.export_id = $1 ORDER BY x.position`,
};

export interface ExportRow {
  id: number;
  centreId: number;
  centreName: string;
  kind: ExportKind;
  rowCount: number;
  state: 'created' | 'sent';
  version: number;
  sentOn: string | null;
  sentReference: string | null;
  createdAt: Date;
  createdOn: string;
}

const EXPORT_COLUMNS = `e.id, e.centre_id, a.name AS centre_name, e.kind, e.row_count, e.state, e.version, e.sent_on, e.sent_reference,
  e.created_at, (e.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS created_on`;
type RawExport = {
  id: string;
  centre_id: string;
  centre_name: string;
  kind: ExportKind;
  row_count: number;
  state: 'created' | 'sent';
  version: number;
  sent_on: string | null;
  sent_reference: string | null;
  created_at: Date;
  created_on: string;
};
const toExport = (r: RawExport): ExportRow => ({
  id: Number(r.id),
  centreId: Number(r.centre_id),
  centreName: r.centre_name,
  kind: r.kind,
  rowCount: r.row_count,
  state: r.state,
  version: r.version,
  sentOn: r.sent_on,
  sentReference: r.sent_reference,
  createdAt: r.created_at,
  createdOn: r.created_on,
});

export async function listExports(actor: Actor): Promise<ExportRow[]> {
  const bind: unknown[] = [];
  const where = scopeWhere(actor, bind).replace(/\b(centre_id|province_code)\b/g, 'e.$1');
  const rows = await select<RawExport>(
    `SELECT ${EXPORT_COLUMNS} FROM nje_exports e JOIN agency_licences a ON a.id = e.centre_id WHERE ${where}
     ORDER BY e.id DESC LIMIT 200`,
    bind,
  );
  return rows.map(toExport);
}

export async function getExport(actor: Actor, id: number): Promise<ExportRow> {
  const bind: unknown[] = [id];
  const where = scopeWhere(actor, bind).replace(/\b(centre_id|province_code)\b/g, 'e.$1');
  const [r] = await select<RawExport>(
    `SELECT ${EXPORT_COLUMNS} FROM nje_exports e JOIN agency_licences a ON a.id = e.centre_id WHERE e.id = $1 AND ${where}`,
    bind,
  );
  if (!r) throw new NotFoundError('Không tìm thấy lần xuất dữ liệu');
  return toExport(r);
}

/** A new batch of the centre's rows of a kind (one statement: the batch and exactly the rows it carries). */
export async function createExport(actor: Actor, kind: ExportKind): Promise<ExportRow> {
  const centre = await ownCentre(actor);
  const id = await inTransaction(async (transaction) => {
    const [row] = await select<{ id: string }>(
      `WITH picked AS (${PICK[kind]} ORDER BY id LIMIT $2),
       e AS (INSERT INTO nje_exports (centre_id, province_code, kind, row_count, created_by_user_id, created_at)
             SELECT $1, $3, $4, count(*), $5, $6 FROM picked HAVING count(*) > 0 RETURNING id),
       r AS (INSERT INTO nje_export_rows (export_id, position, row_id)
             SELECT e.id, row_number() OVER (ORDER BY p.id), p.id FROM e, picked p)
       SELECT id FROM e`,
      [centre.id, MAX_ROWS[kind], centre.provinceCode, kind, actor.userId, now()],
      transaction,
    );
    if (!row)
      throw new ConflictError(
        kind === 'connections'
          ? 'Không có kết quả kết nối nào chưa cập nhật lên Sàn: không có gì để xuất.'
          : 'Không có dòng nào để xuất.',
        { reason: 'NOTHING_TO_EXPORT' },
      );
    await recordAudit(
      { actor, action: 'nje_export.created', entity: 'nje_export', entityId: Number(row.id), after: { kind } },
      transaction,
    );
    return Number(row.id);
  });
  return getExport(actor, id);
}

/** The batch's rows for its page: personal IDs masked. */
export async function exportPreview(actor: Actor, id: number, limit = 200) {
  const e = await getExport(actor, id);
  const rows = await select<Row>(`${ROWS[e.kind]} LIMIT ${Math.min(Math.max(limit, 1), 1000)}`, [id]);
  const cols = LAYOUTS[e.kind];
  return {
    export: e,
    head: cols.map((c) => c.header),
    rows: rows.map((r) =>
      cols.map((c) => {
        const v = c.value(r);
        return c.header === 'Số định danh cá nhân' ? maskCccd(String(v)) : v === null ? '' : String(v);
      }),
    ),
  };
}

const csvField = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The batch's file: CSV (UTF-8 with BOM, comma, header row, CRLF) or XLSX with the same columns. */
export async function exportFile(
  actor: Actor,
  id: number,
  format: 'csv' | 'xlsx',
): Promise<{ bytes: Buffer; filename: string }> {
  const e = await getExport(actor, id);
  const rows = await select<Row>(ROWS[e.kind], [id]);
  if (e.kind !== 'vacancies') await recordAccess(actor, 'job_seekers.exported', 'nje_export', id);
  const cols = LAYOUTS[e.kind];
  const filename = `san-viec-lam-${FILE_SLUG[e.kind]}-${e.id}.${format}`;
  if (format === 'csv') {
    const lines = [cols.map((c) => csvField(c.header)).join(',')];
    for (const r of rows) lines.push(cols.map((c) => csvField(c.value(r))).join(','));
    return { bytes: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'), filename };
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(EXPORT_KIND_LABELS[e.kind].slice(0, 31).replace(/[[\]*?/\\:]/g, ''));
  ws.columns = cols.map((c) => ({ header: c.header, width: Math.max(10, Math.min(40, c.header.length + 4)) }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) ws.addRow(cols.map((c) => c.value(r)));
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), filename };
}

/**
 * Staff mark a batch sent (E4), with the day and the Exchange's reference. For a connections batch, each Mẫu 04 row it
 * carries that is not yet on the Exchange is recorded there through the exchange's record_nje transition (its event
 * and its obligation met), in this one transaction: all rows or none.
 */
export async function markSent(
  actor: Actor,
  id: number,
  body: { sentOn: string; reference: string; expectedVersion: number },
): Promise<ExportRow> {
  const centre = await ownCentre(actor);
  await inTransaction(async (transaction) => {
    const [e] = await select<{ state: string; version: number; kind: ExportKind; created_on: string }>(
      `SELECT state, version, kind, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS created_on
       FROM nje_exports WHERE id = $1 AND centre_id = $2 FOR UPDATE`,
      [id, centre.id],
      transaction,
    );
    if (!e) throw new NotFoundError('Không tìm thấy lần xuất dữ liệu');
    if (e.state === 'sent')
      throw new ConflictError('Lần xuất này đã được đánh dấu đã gửi.', { reason: 'ALREADY_SENT' });
    if (e.version !== body.expectedVersion)
      throw new ConflictError('Lần xuất đã được người khác thay đổi. Vui lòng tải lại và thử lại.', {
        reason: 'STALE_VERSION',
        currentVersion: e.version,
      });
    if (body.sentOn < e.created_on)
      throw new ValidationError([
        { path: 'sentOn', message: `Ngày gửi không được trước ngày tạo tệp (${formatDateVi(e.created_on)})` },
      ]);
    await execute(
      `UPDATE nje_exports SET state = 'sent', sent_on = $2, sent_reference = $3, sent_by_user_id = $4, sent_at = $5,
              version = version + 1 WHERE id = $1`,
      [id, body.sentOn, body.reference.normalize('NFC'), actor.userId, now()],
      transaction,
    );
    if (e.kind === 'connections') {
      const rows = await select<{ id: string; version: number }>(
        `SELECT f.id, f.version FROM nje_export_rows x JOIN referral_report_facts f ON f.id = x.row_id
         WHERE x.export_id = $1 AND f.state = 'hired' AND f.nje_entered_on IS NULL ORDER BY f.id`,
        [id],
        transaction,
      );
      for (const r of rows)
        await transitionReferral(actor, Number(r.id), {
          action: 'record_nje',
          input: { njeEnteredOn: body.sentOn, njeReference: body.reference },
          expectedVersion: r.version,
        });
    }
    await recordAudit(
      {
        actor,
        action: 'nje_export.sent',
        entity: 'nje_export',
        entityId: id,
        after: { sentOn: body.sentOn, reference: body.reference },
      },
      transaction,
    );
  });
  return getExport(actor, id);
}
