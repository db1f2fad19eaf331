import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ProgressReport, throttledProgress } from './progressStore.ts';

describe('stored RTM progress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends on the stage actually running, not on the first report (the report: "prepare 0" while deep in elastic net)', async () => {
    const stored: ProgressReport[] = [];
    const store = throttledProgress(async (p) => void stored.push(p), 500, () => Date.now());
    store.report({ stage: 'prepare', fraction: 0 });
    vi.advanceTimersByTime(5);
    store.report({ stage: 'grid', fraction: 0.05 });
    vi.advanceTimersByTime(100);
    store.report({ stage: 'variables', fraction: 0.3 });
    vi.advanceTimersByTime(200);
    store.report({ stage: 'elastic_net', fraction: 0.35 });
    // …and then the engine is silent for minutes.
    await vi.advanceTimersByTimeAsync(600_000);
    expect(stored.at(-1)).toEqual({ stage: 'elastic_net', fraction: 0.35 });
    // Throttled: the first report and one trailing write, not one write per report.
    expect(stored).toEqual([
      { stage: 'prepare', fraction: 0 },
      { stage: 'elastic_net', fraction: 0.35 },
    ]);
  });

  it('writes in order, and flush drops a pending write so it cannot land after the final update', async () => {
    const stored: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const store = throttledProgress(
      async (p) => {
        if (p.stage === 'prepare') await slow;
        stored.push(p.stage);
      },
      500,
      () => Date.now(),
    );
    store.report({ stage: 'prepare', fraction: 0 });
    vi.advanceTimersByTime(600);
    store.report({ stage: 'grid', fraction: 0.05 });
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(stored).toEqual(['prepare', 'grid']);
    vi.advanceTimersByTime(100);
    store.report({ stage: 'stepwise', fraction: 0.75 });
    await store.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(stored).toEqual(['prepare', 'grid']);
  });
});
