/**
 * Why an RTM run did not complete, as a stable code the web client turns into a Swedish sentence, plus an
 * English detail for logs and API users. The RtmRun row keeps both in its `error` column as "CODE: detail", so
 * no migration was needed; `parseRunError` splits them again (rows from before the codes get RTM_FAILED).
 */
import { RUN_ERROR_CODES, type RunErrorCode } from '../../../../shared/src/rtmRun.ts';

export { RUN_ERROR_CODES, type RunErrorCode } from '../../../../shared/src/rtmRun.ts';

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
