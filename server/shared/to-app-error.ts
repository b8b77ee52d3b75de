// Anything thrown → an AppError (toAppError), and what a database refusal means for the client. Every constraint is checked at the edge first (Joi, services);
// one that still reaches PostgreSQL (a race, a missed case) answers 400 or 409 naming the field, never 500.
// Lost connections and an exhausted pool answer 503 with Retry-After. No SQL, value or constraint text is ever
// sent back; logs carry only the code, the table and the constraint (safeDbErrorForLog).
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  RulesViolatedError,
  ServiceUnavailableError,
  UnauthenticatedError,
  ValidationError,
  type FieldProblem,
} from './errors';
import { PolicyMissingError, missingPolicyVerdict } from './rules';

interface PgError {
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
  message?: string;
}

/** Table-level constraints (auto-named `<table>_check…`) and unique indexes: the field each one is about. */
const CONSTRAINTS: Record<string, { path: string; message: string }> = {
  agencies_check: { path: 'licenceNumber', message: 'Doanh nghiệp dịch vụ phải có số giấy phép' },
  agencies_check1: { path: 'licenceExpiresOn', message: 'Ngày hết hạn giấy phép phải sau ngày cấp' },
  agencies_check2: { path: 'depositBank', message: 'Xác nhận ký quỹ cần tên ngân hàng và ngày xác nhận' },
  agencies_licence_number: { path: 'licenceNumber', message: 'Số giấy phép đã được dùng cho doanh nghiệp khác' },
  agencies_tax_code: { path: 'taxCode', message: 'Mã số thuế đã được dùng cho doanh nghiệp khác' },
  users_check: { path: 'role', message: 'Phạm vi không phù hợp với vai trò' },
  users_check1: { path: 'agencyId', message: 'Nhân viên doanh nghiệp cần doanh nghiệp' },
  users_check2: { path: 'communeCode', message: 'Cán bộ xã cần xã/phường' },
  users_check3: { path: 'provinceCode', message: 'Cán bộ tỉnh cần tỉnh/thành phố' },
  users_check4: { path: 'branchId', message: 'Chỉ nhân viên doanh nghiệp mới thuộc chi nhánh' },
  users_worker_scope: { path: 'workerId', message: 'Tài khoản người lao động cần hồ sơ người lao động' },
  users_username: { path: 'username', message: 'Tên đăng nhập đã được dùng' },
  users_worker: { path: 'workerId', message: 'Người lao động này đã có tài khoản' },
  users_branch_id_agency_id_fkey: { path: 'branchId', message: 'Chi nhánh không thuộc doanh nghiệp này' },
  workers_check: { path: 'householdStatusYear', message: 'Cần năm được xác nhận hộ nghèo/cận nghèo/mới thoát nghèo' },
  workers_cccd: { path: 'cccd', message: 'Số CCCD này đã được đăng ký' },
  workers_commune_code_province_code_fkey: {
    path: 'communeCode',
    message: 'Xã/phường không thuộc tỉnh/thành phố đã chọn',
  },
  worker_agency_links_worker_id_agency_id_key: {
    path: 'workerId',
    message: 'Người lao động đã được liên kết với doanh nghiệp',
  },
  policy_values_check: { path: 'effectiveFrom', message: 'Ngày hết hiệu lực không được trước ngày hiệu lực' },
  policy_values_key_coalesce_coalesce1_coalesce2_daterange_excl: {
    path: 'effectiveFrom',
    message: 'Phiên bản mới chồng lấn thời gian hiệu lực của phiên bản khác',
  },
  policy_values_seeded: { path: 'key', message: 'Phiên bản chính sách này đã có' },
  job_orders_check: { path: 'recruitTo', message: 'Ngày kết thúc tuyển không được trước ngày bắt đầu tuyển' },
  cases_check: { path: 'selectedOn', message: 'Cần ngày trúng tuyển' },
  cases_check1: { path: 'outcome', message: 'Cần tình trạng về nước' },
  cases_contract_dates: { path: 'contractEndOn', message: 'Ngày kết thúc hợp đồng lao động phải sau ngày bắt đầu' },
  cases_residence_after_return: {
    path: 'residenceNotifiedOn',
    message: 'Ngày thông báo cư trú phải từ ngày về nước trở đi',
  },
  cases_one_place: {
    path: 'workerId',
    message: 'Người lao động đã trúng tuyển ở một đơn hàng khác; mỗi người chỉ giữ một chỗ',
  },
  cases_one_application: { path: 'jobOrderId', message: 'Người lao động đã có hồ sơ đang xử lý cho đơn hàng này' },
  papers_check: { path: 'expiresOn', message: 'Ngày hết hạn không được trước ngày cấp' },
  papers_check1: { path: 'kind', message: 'Loại giấy tờ không phù hợp' },
  papers_check2: {
    path: 'market',
    message: 'Chứng chỉ giáo dục định hướng cần doanh nghiệp, thị trường và ngày hết hạn',
  },
  papers_one_orientation_certificate: {
    path: 'result',
    message: 'Chứng chỉ giáo dục định hướng của lần ghi danh này đã được cấp',
  },
  courses_check: { path: 'endsOn', message: 'Ngày kết thúc phải sau ngày bắt đầu' },
  courses_check1: { path: 'market', message: 'Khóa giáo dục định hướng cần thị trường' },
  enrolments_check: { path: 'certificateNumber', message: 'Kết quả đạt cần số và ngày cấp chứng chỉ' },
  enrolments_course_id_worker_id_key: { path: 'workerId', message: 'Người lao động đã ghi danh khóa học này' },
  case_extensions_check: { path: 'newEndOn', message: 'Ngày kết thúc mới phải sau ngày kết thúc hiện tại' },
  case_notices_case_id_postal_receipt_number_key: {
    path: 'postalReceiptNumber',
    message: 'Số biên nhận bưu điện này đã được ghi nhận cho hồ sơ',
  },
  holidays_check: { path: 'date', message: 'Ngày làm bù phải là thứ Bảy' },
  files_check: { path: 'file', message: 'Tệp không hợp lệ' },
};

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The pg error inside whatever was thrown (Sequelize keeps it as `original`/`parent`; plain statements throw it). */
function pgErrorOf(err: unknown): PgError | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { original?: unknown; parent?: unknown; code?: unknown; severity?: unknown };
  const inner = (e.original ?? e.parent) as PgError | undefined;
  if (inner && typeof inner === 'object' && typeof inner.code === 'string') return inner;
  if (typeof e.code === 'string' && typeof e.severity === 'string') return err as PgError;
  return null;
}

const SEQUELIZE_UNAVAILABLE = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'SequelizeInvalidConnectionError',
  'SequelizeConnectionAcquireTimeoutError',
]);
const NODE_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** The database is unreachable, restarting, out of connections, or the pool is exhausted. */
export function isUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as {
    name?: string;
    code?: string;
    message?: string;
    original?: { code?: string; message?: string };
    parent?: unknown;
  };
  if (e.name && SEQUELIZE_UNAVAILABLE.has(e.name)) return true;
  const code = pgErrorOf(err)?.code ?? e.original?.code ?? e.code;
  if (typeof code === 'string' && (NODE_UNAVAILABLE.has(code) || /^(08|57P0|53)/.test(code) || code === '57014'))
    return true;
  const message = `${e.message ?? ''} ${e.original?.message ?? ''}`;
  return /Connection terminated|connection is closed|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|terminating connection/i.test(
    message,
  );
}

/** Sequelize's constraint errors made without a pg error inside (its own checks, tests). */
const SEQUELIZE_CODES: Record<string, string> = {
  SequelizeUniqueConstraintError: '23505',
  SequelizeExclusionConstraintError: '23P01',
  SequelizeForeignKeyConstraintError: '23503',
};

function fieldOf(pg: PgError): { path: string; message?: string } {
  const known = pg.constraint ? CONSTRAINTS[pg.constraint] : undefined;
  if (known) return known;
  if (pg.column) return { path: camel(pg.column) };
  if (pg.constraint && pg.table && pg.constraint.startsWith(`${pg.table}_`)) {
    const rest = pg.constraint.slice(pg.table.length + 1).replace(/_(check|fkey|key)$/, '');
    if (rest && !/^check\d*$/.test(rest)) return { path: camel(rest) };
  }
  const key = /Key \(([a-z_]+)(?:,|\))/.exec(pg.detail ?? '');
  return { path: key ? camel(key[1]) : 'body' };
}

/** The AppError for a database error, or null when it is none we know (then it is a 500). */
export function fromDatabaseError(err: unknown): AppError | null {
  if (isUnavailable(err)) return new ServiceUnavailableError();
  const pg = pgErrorOf(err) ?? { code: SEQUELIZE_CODES[(err as { name?: string } | null)?.name ?? ''] };
  if (!pg.code) return null;
  const field = fieldOf(pg);
  const problem = (fallback: string): FieldProblem[] => [
    { path: field.path, message: field.message ?? fallback, type: `db.${pg.code}` },
  ];
  switch (pg.code) {
    case '23505': // unique_violation
    case '23P01': // exclusion_violation
      return new ConflictError(field.message ?? 'Bản ghi đã tồn tại', { reason: 'UNIQUE_CONFLICT', field: field.path });
    case '23503': // foreign_key_violation
      return /is still referenced/.test(pg.detail ?? '')
        ? new ConflictError('Bản ghi đang được tham chiếu, không xóa được', { reason: 'IN_USE' })
        : new ValidationError(problem('Giá trị tham chiếu không tồn tại'));
    case '23514': // check_violation
    case '23502': // not_null_violation
      return new ValidationError(problem('Giá trị không hợp lệ'));
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return new ConflictError('Dữ liệu vừa được thay đổi đồng thời. Vui lòng thử lại.', { reason: 'RETRY' });
    default:
      // 22xxx data exceptions (a value out of range, bad text, a date PostgreSQL cannot hold), 54xxx limits
      if (/^(22|54)/.test(pg.code))
        return new ValidationError([{ path: field.path, message: 'Giá trị không hợp lệ', type: `db.${pg.code}` }]);
      return null;
  }
}

/** What a log may say about a database error: its code, table and constraint, never the SQL or the values. */
export function safeDbErrorForLog(err: unknown): Record<string, unknown> | null {
  const pg = pgErrorOf(err);
  const e = err as { name?: string } | null;
  if (!pg && !(e?.name && /^Sequelize/.test(e.name))) return null;
  return {
    type: e?.name ?? 'DatabaseError',
    code: pg?.code ?? null,
    table: pg?.table ?? null,
    constraint: pg?.constraint ?? null,
    column: pg?.column ?? null,
  };
}

interface HttpishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
}

/** Turns anything thrown into an AppError. Database text never reaches the client. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof PolicyMissingError)
    return new RulesViolatedError(
      [missingPolicyVerdict(err)],
      'Không thực hiện được: thiếu mức chính sách có hiệu lực',
    );
  const db = fromDatabaseError(err);
  if (db) return db;
  const named = err as { name?: string; errors?: { path?: string }[] } | null;
  if (named?.name === 'SequelizeValidationError') {
    return new ValidationError(
      (named.errors ?? []).map((e) => ({ path: e.path ?? 'body', message: 'Giá trị không hợp lệ' })),
    );
  }
  if (named?.name?.startsWith('Sequelize')) return new AppError('INTERNAL', 'Lỗi hệ thống', 500);
  const e = (err ?? {}) as HttpishError;
  const status = Number(e.status ?? e.statusCode);
  // NOTE: body-parser errors carry a status and a type; map them explicitly (never `a || b ? c : d`).
  if (e.type === 'entity.parse.failed') {
    return new ValidationError([{ path: 'body', message: 'JSON không hợp lệ' }], 'Nội dung JSON không hợp lệ');
  }
  if (e.type === 'entity.too.large' || status === 413) {
    return new AppError('PAYLOAD_TOO_LARGE', 'Nội dung gửi lên quá lớn', 413);
  }
  if (status === 401) return new UnauthenticatedError();
  if (status === 403) return new ForbiddenError();
  if (status === 404) return new NotFoundError();
  if (status === 429) return new RateLimitedError();
  // any other client error of the HTTP layer (a bad charset, an aborted upload, a malformed path escape)
  if (status >= 400 && status < 500) return new ValidationError([], 'Yêu cầu không hợp lệ');
  return new AppError('INTERNAL', 'Lỗi hệ thống', 500);
}
