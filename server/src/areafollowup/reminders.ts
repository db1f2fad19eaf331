/**
 * The reminder timer: wakes at each moment a period opens for assessment or falls due (dueBoundaries, from the
 * rule alone) and tells this process's viewers their reminder lists. It stores nothing: the lists are derived
 * from the assessments at that moment, and each process tells only its own sockets, so running it on every
 * process gives each viewer one event per moment. Missed moments (a process that was down) cost nothing: clients
 * read GET /api/areafollowup/due when they connect.
 */
import { type DueRule, dueBoundaries } from '../../../shared/src/areaFollowup.ts';
import type { Clock, Timer } from '../time/clock.ts';

const LOOKAHEAD_MS = 200 * 86_400_000;

export class ReminderTimer {
  private timer: Timer | null = null;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly rule: DueRule,
    private readonly fire: (moment: { at: Date; period: string; kind: 'opened' | 'overdue' }) => Promise<unknown>,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const next = dueBoundaries(new Date(now), new Date(now + LOOKAHEAD_MS), this.rule)[0];
    if (!next) return;
    this.timer = this.clock.at(next.at.getTime(), () => {
      void this.fire(next)
        .catch(() => undefined)
        .finally(() => this.schedule());
    });
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }
}
