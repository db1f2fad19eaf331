import type { ErrorCode } from '../../../shared/src/errorCodes.ts';
import { ApiError } from '../api/http.ts';
import type { MessageKey } from './sv.ts';

/** Codes the client makes up itself: a 5xx without a coded body, and no answer at all. */
type ClientErrorCode = 'INTERNAL' | 'NETWORK';

/** A sentence for every server error code (the type checker holds the list to the server's catalogue). */
const CODE_KEYS: Record<ErrorCode | ClientErrorCode, MessageKey> = {
  VALIDATION_FAILED: 'error.VALIDATION_FAILED',
  BAD_REQUEST: 'error.BAD_REQUEST',
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'error.INVALID_CREDENTIALS',
  FORBIDDEN: 'error.FORBIDDEN',
  NOT_FOUND: 'error.NOT_FOUND',
  CONFLICT: 'error.CONFLICT',
  PAYLOAD_TOO_LARGE: 'error.PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'error.UNSUPPORTED_MEDIA_TYPE',
  UNPROCESSABLE: 'error.UNPROCESSABLE',
  CLASSIFICATION_VIOLATION: 'error.CLASSIFICATION_VIOLATION',
  ACCOUNT_LOCKED: 'error.ACCOUNT_LOCKED',
  RATE_LIMITED: 'error.RATE_LIMITED',
  NOT_READY: 'error.NOT_READY',
  PRINT_TIMEOUT: 'error.PRINT_TIMEOUT',
  PRINT_BUSY: 'error.PRINT_BUSY',
  PRINT_FAILED: 'error.PRINT_FAILED',
  INTERNAL: 'error.INTERNAL',
  NETWORK: 'error.NETWORK',
};

/** The same table, looked up by whatever code a response carried. */
const KEY_BY_CODE: Readonly<Partial<Record<string, MessageKey>>> = CODE_KEYS;

/** Codes whose server sentence says something specific (which field, which entry) worth showing too. */
const DETAIL_CODES = new Set(['VALIDATION_FAILED', 'UNPROCESSABLE', 'CLASSIFICATION_VIOLATION', 'CONFLICT', 'BAD_REQUEST']);

export function errorParts(err: unknown): { key: MessageKey; detail: string | null } {
  if (err instanceof ApiError) {
    const known = Object.hasOwn(KEY_BY_CODE, err.code) ? KEY_BY_CODE[err.code] : undefined;
    const key = known ?? (err.status >= 500 ? 'error.INTERNAL' : 'error.unknown');
    const detail = (DETAIL_CODES.has(err.code) || !known) && err.serverMessage ? err.serverMessage : null;
    return { key, detail };
  }
  return { key: 'error.unknown', detail: err instanceof Error ? err.message : null };
}

export function errorSentence(err: unknown, t: (k: MessageKey, p?: Record<string, string | number>) => string): string {
  // The throttle says how long to wait ("Wait 42 seconds"); the sentence keeps the number, in Swedish.
  const wait = err instanceof ApiError && err.code === 'RATE_LIMITED' ? /(\d+)\s*second/.exec(err.serverMessage)?.[1] : undefined;
  if (wait) return t('error.rateLimitedFor', { s: wait });
  const { key, detail } = errorParts(err);
  const base = t(key);
  return detail ? `${base} ${t('error.detail')} ${detail}` : base;
}
