/**
 * Stored progress of a run: written at most every `intervalMs`, but the latest report is always written in the
 * end (a trailing write). Writing only reports that came `intervalMs` after the previous write left the row at
 * "prepare 0" for the whole of a long silent stage (issue 17).
 */
export interface ProgressReport {
  stage: string;
  fraction: number;
}

export function throttledProgress(write: (p: ProgressReport) => Promise<void>, intervalMs: number, now: () => number = Date.now) {
  let latest: ProgressReport | undefined;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  // Writes run one after another, so an older report can never overwrite a newer one.
  let chain: Promise<void> = Promise.resolve();
  const writeLatest = () => {
    timer = undefined;
    lastWrite = now();
    const p = latest;
    if (!p) return;
    latest = undefined;
    chain = chain.then(() => write(p));
  };
  return {
    report(p: ProgressReport): void {
      latest = p;
      const wait = intervalMs - (now() - lastWrite);
      if (wait <= 0) writeLatest();
      else timer ??= setTimeout(writeLatest, wait);
    },
    /** Drops a pending trailing write and waits for the writes under way (before the run's final update). */
    async flush(): Promise<void> {
      clearTimeout(timer);
      timer = undefined;
      latest = undefined;
      await chain;
    },
  };
}
