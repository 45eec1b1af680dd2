/** The closed set of error codes this API answers with, and the HTTP status of each. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  AI_REQUEST_REJECTED: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  DISCLAIMER_REQUIRED: 403,
  DISCLAIMER_EXPIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  AI_UNAVAILABLE: 503,
  MAINTENANCE: 503,
  CONFIG_INVALID: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export interface FieldProblem {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  details?: FieldProblem[] | Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** The one error type of the API: a code from the closed set, a message safe to show the client. */
export class AppError extends Error {
  readonly status: ErrorStatus;
  readonly details: AppErrorOptions["details"];
  readonly headers: Record<string, string>;

  constructor(readonly code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: AppErrorOptions["details"] };
}

export function errorBody(error: AppError, requestId: string): ErrorBody {
  return {
    error: { code: error.code, message: error.message, requestId, ...(error.details ? { details: error.details } : {}) },
  };
}

/** Maps a bare HTTP status (from a Hono built-in) to our code for it. */
export function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).find(([, value]) => value === status);
  if (match) return match[0];
  return status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
}
