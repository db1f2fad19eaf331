import { ERRORS, type ErrorCode, errorMessage } from '../../shared/src/errorCodes.ts';

/**
 * Coded API errors. Every 4xx the API sends is built here from the catalogue in shared/src/errorCodes.ts, so
 * codes are stable and documented in one place; anything else that escapes a handler becomes a bare 500.
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

export { ERRORS, type ErrorCode } from '../../shared/src/errorCodes.ts';

/** Builds a coded error; `args` fill the `%s` placeholders of the catalogue message in order. */
export function appError(code: ErrorCode, args: Array<string | number> = [], details?: unknown): AppError {
  return new AppError(code, ERRORS[code].status, errorMessage(code, args), details);
}
