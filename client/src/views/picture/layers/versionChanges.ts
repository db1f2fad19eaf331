import type { LogEntry } from '../../../../../shared/src/layerDoc.ts';

/**
 * Who changed what in one stored version of a layer: the layer's event-log entries written after the previous
 * version and up to this one (the log is the layer's own record of edits, with authors the gateway has checked
 * against the writer). Oldest first. Pure.
 */
export function changesInVersion(log: readonly LogEntry[], versions: ReadonlyArray<{ at: string }>, index: number): LogEntry[] {
  const v = versions[index];
  if (!v) return [];
  const until = Date.parse(v.at);
  const since = index > 0 ? Date.parse(versions[index - 1].at) : Number.NEGATIVE_INFINITY;
  return log.filter((e) => {
    const t = Date.parse(e.time);
    return t > since && t <= until;
  }).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
