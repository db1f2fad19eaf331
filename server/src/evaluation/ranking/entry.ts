/**
 * worker_threads entry: ranks every model of one RankRequest (modelAccuracy) and answers once. Loaded only by
 * `host.ts`, so the sorts of every cell never run on the server's event loop.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { modelAccuracy } from '../core/riskAccuracy.ts';
import type { RankReply, RankRequest } from './protocol.ts';

function rank(req: RankRequest): RankReply {
  try {
    return { type: 'result', models: req.models.map((m) => modelAccuracy(m.key, m.score, req.obs, req.coverages, m.reason)) };
  } catch (e) {
    return { type: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: RankRequest) => {
    if (req?.type === 'rank') port.postMessage(rank(req));
  });
}
