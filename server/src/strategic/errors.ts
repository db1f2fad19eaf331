/**
 * Errors thrown by the pure strategic core. Each carries a stable `code` and the HTTP status the
 * route layer should answer with, so `server/src/errors.ts` can map them without string matching.
 */

/** Stable codes of the strategic core. Never reuse a code for a different meaning. */
export const StrategicErrorCode = {
  /** Values or areas of two different code vintages (e.g. DeSO2018 and DeSO2025) were to be joined. */
  VintageMismatch: 'RT_ERR_VINTAGE_MISMATCH',
  /** An index request is malformed (no indicators, negative weight, bad cut-offs, …). */
  InvalidIndexRequest: 'RT_ERR_INVALID_INDEX_REQUEST',
  /** An import document (GeoJSON, JSON-stat, CSV) cannot be read at all (as opposed to per-row errors). */
  InvalidImport: 'RT_ERR_INVALID_IMPORT',
} as const;
export type StrategicErrorCode = (typeof StrategicErrorCode)[keyof typeof StrategicErrorCode];

const STATUS: Record<StrategicErrorCode, number> = {
  RT_ERR_VINTAGE_MISMATCH: 409,
  RT_ERR_INVALID_INDEX_REQUEST: 400,
  RT_ERR_INVALID_IMPORT: 400,
};

export class StrategicError extends Error {
  readonly code: StrategicErrorCode;
  readonly statusCode: number;
  constructor(code: StrategicErrorCode, message: string) {
    super(message);
    this.name = 'StrategicError';
    this.code = code;
    this.statusCode = STATUS[code];
  }
}
