// One error class per meaning; clients branch on `code`, never on `message` (ARCHITECTURE.md, API).
import { BaseError as SequelizeBaseError, UniqueConstraintError, ForeignKeyConstraintError } from 'sequelize';

export type ErrorCode =
  | 'VALIDATION_FAILED' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE' | 'RULES_VIOLATED' | 'RATE_LIMITED' | 'INTERNAL';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldProblem { path: string; message: string; type?: string }

export class ValidationError extends AppError {
  constructor(details: FieldProblem[], message = 'Dữ liệu không hợp lệ') {
    super('VALIDATION_FAILED', message, 400, details);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Cần đăng nhập') { super('UNAUTHENTICATED', message, 401); }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Bạn không có quyền thực hiện thao tác này') { super('FORBIDDEN', message, 403); }
}
export class NotFoundError extends AppError {
  constructor(message = 'Không tìm thấy') { super('NOT_FOUND', message, 404); }
}
export class ConflictError extends AppError {
  constructor(message = 'Xung đột dữ liệu', details?: unknown) { super('CONFLICT', message, 409, details); }
}
export class RulesViolatedError extends AppError {
  constructor(verdicts: unknown[], message = 'Vi phạm quy định') { super('RULES_VIOLATED', message, 422, { verdicts }); }
}
export class RateLimitedError extends AppError {
  constructor(message = 'Quá nhiều yêu cầu, vui lòng thử lại sau') { super('RATE_LIMITED', message, 429); }
}

interface HttpishError { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown }

/** Turns anything thrown into an AppError. Database text never reaches the client. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof UniqueConstraintError) return new ConflictError('Bản ghi đã tồn tại');
  if (err instanceof ForeignKeyConstraintError) return new ConflictError('Bản ghi đang được tham chiếu hoặc tham chiếu không tồn tại');
  if (err instanceof SequelizeBaseError) return new AppError('INTERNAL', 'Lỗi hệ thống', 500);
  const e = (err ?? {}) as HttpishError;
  const status = Number(e.status ?? e.statusCode);
  // NOTE: body-parser errors carry a status and a type; map them explicitly (never `a || b ? c : d`).
  if (e.type === 'entity.parse.failed') {
    return new ValidationError([{ path: 'body', message: 'JSON không hợp lệ' }], 'Nội dung JSON không hợp lệ');
  }
  if (e.type === 'entity.too.large' || status === 413) {
    return new AppError('PAYLOAD_TOO_LARGE', 'Nội dung gửi lên quá lớn', 413);
  }
  if (status === 400) return new ValidationError([], 'Yêu cầu không hợp lệ');
  if (status === 401) return new UnauthenticatedError();
  if (status === 403) return new ForbiddenError();
  if (status === 404) return new NotFoundError();
  if (status === 429) return new RateLimitedError();
  return new AppError('INTERNAL', 'Lỗi hệ thống', 500);
}
