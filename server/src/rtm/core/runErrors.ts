/**
 * Why an RTM run did not complete, as a stable code the web client turns into a Swedish sentence, plus an
 * English detail for logs and API users. The RtmRun row keeps both in its `error` column as "CODE: detail", so
 * no migration was needed; `parseRunError` splits them again (rows from before the codes get RTM_FAILED).
 */
export const RUN_ERROR_CODES = [
  /** The study is not valid (detail: the problems). */
  'RTM_INVALID_STUDY',
  /** The run exceeded its wall-time limit. */
  'RTM_TIME_LIMIT',
  /** The worker thread died (out of memory, crash). */
  'RTM_WORKER_STOPPED',
  /** The server stopped or restarted while the run was queued or running. */
  'RTM_SERVER_RESTARTED',
  /** Someone cancelled the run. */
  'RTM_CANCELLED',
  /** Any other failure inside the engine. */
  'RTM_FAILED',
] as const;
export type RunErrorCode = (typeof RUN_ERROR_CODES)[number];

export class RunFailure extends Error {
  constructor(
    readonly code: RunErrorCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'RunFailure';
  }
}

export function formatRunError(code: RunErrorCode, detail: string): string {
  return `${code}: ${detail}`;
}

export function parseRunError(stored: string | null): { errorCode: RunErrorCode; error: string } | null {
  if (stored === null) return null;
  const m = /^([A-Z_]+): ([\s\S]*)$/.exec(stored);
  if (m && (RUN_ERROR_CODES as readonly string[]).includes(m[1])) return { errorCode: m[1] as RunErrorCode, error: m[2] };
  return { errorCode: 'RTM_FAILED', error: stored };
}
