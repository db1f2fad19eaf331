import { ApiError } from '../api/http.ts';
import type { MessageKey } from './sv.ts';

/** Server error codes with their own sentence in the catalogue. */
const CODE_KEYS: Record<string, MessageKey> = {
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
  INTERNAL: 'error.INTERNAL',
  NETWORK: 'error.NETWORK',
};

/** Codes whose server sentence says something specific (which field, which entry) worth showing too. */
const DETAIL_CODES = new Set(['VALIDATION_FAILED', 'UNPROCESSABLE', 'CLASSIFICATION_VIOLATION', 'CONFLICT', 'BAD_REQUEST']);

export function errorParts(err: unknown): { key: MessageKey; detail: string | null } {
  if (err instanceof ApiError) {
    const key = CODE_KEYS[err.code] ?? (err.status >= 500 ? 'error.INTERNAL' : 'error.unknown');
    const detail = (DETAIL_CODES.has(err.code) || !CODE_KEYS[err.code]) && err.serverMessage ? err.serverMessage : null;
    return { key, detail };
  }
  return { key: 'error.unknown', detail: err instanceof Error ? err.message : null };
}

export function errorSentence(err: unknown, t: (k: MessageKey) => string): string {
  const { key, detail } = errorParts(err);
  const base = t(key);
  return detail ? `${base} ${t('error.detail')} ${detail}` : base;
}
