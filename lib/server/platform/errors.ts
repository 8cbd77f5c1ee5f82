// One error vocabulary for the whole console, mapped to HTTP and to form messages here and only here.
import { DirectorError } from '../../director/errors';

export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_VERSION: 409,
  PAYLOAD_TOO_LARGE: 413,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DIRECTOR_FAILED: 502, // the director answered, but refused or failed (key, command, dropped link)
  DIRECTOR_UNREACHABLE: 502,
  DIRECTOR_TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  /** RATE_LIMITED: when to try again (the API's Retry-After). */
  readonly retryAfterSeconds?: number;
  constructor(code: ErrorCode, message: string, options: { field?: string; cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

const DIRECTOR_CODES: Record<DirectorError['reason'], ErrorCode> = {
  unreachable: 'DIRECTOR_UNREACHABLE',
  timeout: 'DIRECTOR_TIMEOUT',
  'host-key-changed': 'CONFLICT',
  auth: 'DIRECTOR_FAILED',
  dropped: 'DIRECTOR_FAILED',
  command: 'DIRECTOR_FAILED',
};

/** Turns any thrown value into the API's error body. Unknown errors never leak their text. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  // A director's own failure: its message is written for the admin (what happened, what to do).
  if (err instanceof DirectorError) err = new AppError(DIRECTOR_CODES[err.reason], err.message, { cause: err });
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.field) body.error.field = err.field;
    return { status: err.status, body };
  }
  console.error('[lvs-console] unexpected error:', err);
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Internal error; the server log has the details.' } },
  };
}

/** Prisma's unique-constraint error, recognised by its code (P2002), never by message text. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
