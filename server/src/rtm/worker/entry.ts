/**
 * worker_threads entry: runs the pure engine on one `RunRequest` and answers in `WorkerMessage`s. Loaded only by
 * `host.ts`, so nothing here runs on the server's event loop.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { encodeCells } from '../core/cellsCodec.ts';
import { RtmTimeLimitError, runStudy, StudyValidationError } from '../core/engine.ts';
import type { RunRequest, WorkerMessage } from './protocol.ts';

function handle(req: RunRequest, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void): void {
  try {
    const { result, cells, timings } = runStudy(req.study, { limits: req.limits, onProgress: (p) => post({ type: 'progress', ...p }) });
    const encoded = encodeCells(cells);
    post({ type: 'result', result, cells: encoded, timings }, [encoded.buffer as ArrayBuffer]);
  } catch (e) {
    if (e instanceof StudyValidationError) post({ type: 'invalid', problems: e.problems });
    else if (e instanceof RtmTimeLimitError) post({ type: 'error', message: e.message, code: e.code });
    else post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: RunRequest) => {
    if (req?.type === 'run') handle(req, (m, t) => port.postMessage(m, t ?? []));
  });
}
