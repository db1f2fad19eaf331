/**
 * worker_threads entry for server-side RTM runs: runs the pure engine and sends back the result and the
 * encoded per-cell arrays (transferred, not copied). Messages: progress*, then one of result | invalid | error
 * (`code: 'RTM_TIME_LIMIT'` when the run's wall-time limit was spent).
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { RtmTimeLimitError, runStudy, StudyValidationError } from '../rtm/engine.ts';
import type { Limits } from '../rtm/study.ts';
import { encodeCells } from './cellsCodec.ts';

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: { type: 'run'; study: unknown; limits?: Partial<Limits> }) => {
    if (req?.type !== 'run') return;
    try {
      const { result, cells } = runStudy(req.study, { limits: req.limits, onProgress: (p) => port.postMessage({ type: 'progress', ...p }) });
      const encoded = encodeCells(cells);
      port.postMessage({ type: 'result', result, cells: encoded }, [encoded.buffer as ArrayBuffer]);
    } catch (e) {
      if (e instanceof StudyValidationError) port.postMessage({ type: 'invalid', problems: e.problems });
      else if (e instanceof RtmTimeLimitError) port.postMessage({ type: 'error', code: e.code, message: e.message });
      else port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  });
}
