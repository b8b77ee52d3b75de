// One error class per meaning; clients branch on `code`, never on `message` (ARCHITECTURE.md, API).

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RULES_VIOLATED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

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

export interface FieldProblem {
  path: string;
  message: string;
  type?: string;
}

export class ValidationError extends AppError {
  constructor(details: FieldProblem[], message = 'Dữ liệu không hợp lệ') {
    super('VALIDATION_FAILED', message, 400, details);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Cần đăng nhập') {
    super('UNAUTHENTICATED', message, 401);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Bạn không có quyền thực hiện thao tác này', details?: unknown) {
    super('FORBIDDEN', message, 403, details);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Không tìm thấy') {
    super('NOT_FOUND', message, 404);
  }
}
export class ConflictError extends AppError {
  constructor(message = 'Xung đột dữ liệu', details?: unknown) {
    super('CONFLICT', message, 409, details);
  }
}
export class RulesViolatedError extends AppError {
  constructor(verdicts: unknown[], message = 'Vi phạm quy định') {
    super('RULES_VIOLATED', message, 422, { verdicts });
  }
}
export class RateLimitedError extends AppError {
  constructor(
    message = 'Quá nhiều yêu cầu, vui lòng thử lại sau',
    details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super('RATE_LIMITED', message, 429, details);
  }
}

/** The database is unreachable or the connection pool is exhausted: try again shortly (Retry-After). */
export class ServiceUnavailableError extends AppError {
  constructor(
    message = 'Hệ thống tạm thời không kết nối được cơ sở dữ liệu hoặc đang quá tải. Vui lòng thử lại sau ít giây.',
    readonly retryAfterSeconds = 5,
  ) {
    super('SERVICE_UNAVAILABLE', message, 503);
  }
}
