/**
 * The catalogue of coded API errors: every 4xx the API sends has one of these codes, its status and an
 * English sentence (`%s` placeholders filled in order). Shared so the client's sentences are checked
 * against the same list the server answers with.
 */
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
  /** PDF printing (server/src/print): the page took too long, too many prints wait, or no browser could start. */
  PRINT_TIMEOUT: spec(503, 'The PDF could not be made within %s seconds. Try again.'),
  PRINT_BUSY: spec(503, 'Too many PDFs are being made right now. Try again in a moment.'),
  PRINT_FAILED: spec(503, 'The PDF could not be made: %s'),
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** The catalogue sentence of `code` with its `%s` placeholders filled by `args` in order. */
export function errorMessage(code: ErrorCode, args: ReadonlyArray<string | number> = []): string {
  let i = 0;
  return ERRORS[code].message.replace(/%s/g, () => String(args[i++] ?? ''));
}
