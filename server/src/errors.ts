/**
 * The one catalogue of coded API errors. Every 4xx the API sends is built here, so codes are stable and
 * documented in one place; anything else that escapes a handler becomes a bare 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

interface ErrorSpec {
  status: number;
  message: string;
}

function spec(status: number, message: string): ErrorSpec {
  return { status, message };
}

export const ERRORS = {
  VALIDATION_FAILED: spec(400, 'The request is not valid: %s'),
  BAD_REQUEST: spec(400, '%s'),
  UNAUTHENTICATED: spec(401, 'You are not logged in, or your session has ended.'),
  INVALID_CREDENTIALS: spec(401, 'Wrong username or password, or too many failed attempts: wait a while and try again.'),
  ACCOUNT_LOCKED: spec(423, 'The account is locked after repeated failed logins. Try again in %s minutes.'),
  FORBIDDEN: spec(403, 'You are not allowed to do this.'),
  NOT_FOUND: spec(404, '%s was not found.'),
  CONFLICT: spec(409, '%s'),
  PAYLOAD_TOO_LARGE: spec(413, 'The request body is too large (limit %s bytes).'),
  UNSUPPORTED_MEDIA_TYPE: spec(415, '%s'),
  UNPROCESSABLE: spec(422, '%s'),
  RATE_LIMITED: spec(429, 'Too many attempts. Wait %s seconds and try again.'),
  CLASSIFICATION_VIOLATION: spec(422, '%s'),
  NOT_READY: spec(503, 'The service is not ready: %s'),
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** Builds a coded error; `args` fill the `%s` placeholders of the catalogue message in order. */
export function appError(code: ErrorCode, args: Array<string | number> = [], details?: unknown): AppError {
  const { status, message } = ERRORS[code];
  let i = 0;
  const text = message.replace(/%s/g, () => String(args[i++] ?? ''));
  return new AppError(code, status, text, details);
}
