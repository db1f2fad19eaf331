/**
 * The injected clock of incidents and risk: "now" and one-shot timers at absolute times, so zone expiry and
 * surface decay can be tested without waiting (see {@link ManualClock}).
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Calls `fn` once at (or just after) the absolute time `at` (epoch ms). */
  at(at: number, fn: () => void): Timer;
}

/** Longest single setTimeout Node accepts; later times are reached in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    let handle: NodeJS.Timeout | undefined;
    const arm = () => {
      const delay = at - Date.now();
      if (delay > MAX_DELAY_MS) handle = setTimeout(arm, MAX_DELAY_MS);
      else handle = setTimeout(fn, Math.max(0, delay));
      handle.unref?.();
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  },
};

/** A clock that only moves when told to; due timers fire (in time order) during {@link ManualClock.set}/{@link ManualClock.advance}. */
export class ManualClock implements Clock {
  private t: number;
  private timers: Array<{ at: number; fn: () => void; seq: number; live: boolean }> = [];
  private seq = 0;

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  at(at: number, fn: () => void): Timer {
    const entry = { at, fn, seq: this.seq++, live: true };
    this.timers.push(entry);
    return { cancel: () => (entry.live = false) };
  }

  advance(ms: number): void {
    this.set(this.t + ms);
  }

  set(t: number): void {
    for (;;) {
      const due = this.timers.filter((x) => x.live && x.at <= t).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      due.live = false;
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.timers = this.timers.filter((x) => x.live);
    this.t = t;
  }

  /** Number of pending timers (for tests). */
  get pending(): number {
    return this.timers.filter((x) => x.live).length;
  }
}
