/**
 * The rtm capability's public interface: what other capabilities may import (services and types, no HTTP).
 * The composition root also imports `feature.ts` (the wiring); everything else under server/src/rtm is internal.
 */
export { decodeCells, encodeCells } from './core/cellsCodec.ts';
export type { CellArrays, RtmResult } from './core/engine.ts';
export { RUN_ERROR_CODES, type RunErrorCode } from './core/runErrors.ts';
export { createRtmResults, type RtmResults, type RtmRrsGrid } from './results.ts';
export { RtmRunStore, type RunEndStatus } from './runStore.ts';
export { createRtmService, type RtmRunEnded, type RtmRunProgress, type RtmService } from './service.ts';
