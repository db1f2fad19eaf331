/** The default periods of a measure's evaluation and their checks (pure). */

export interface Period {
  from: string;
  to: string;
}

const DAY = 86_400_000;

/**
 * After: from the measure's start until its end or now, whichever is first. Before: the same length just
 * before the start (evaluation-method.md: equal periods compare directly; the API weights unequal ones). A
 * measure that has not started yet gets four weeks on each side, for the analyst to move.
 */
export function defaultPeriods(startsAt: string, endsAt: string | null, now: number): { before: Period; after: Period } {
  const start = new Date(startsAt).getTime();
  const end = Math.min(endsAt ? new Date(endsAt).getTime() : now, now);
  const length = end - start >= DAY ? end - start : 28 * DAY;
  return {
    before: { from: new Date(start - length).toISOString(), to: new Date(start).toISOString() },
    after: { from: new Date(start).toISOString(), to: new Date(start + length).toISOString() },
  };
}

/** Each period ends after it begins, and the before period ends no later than the after period begins. */
export function periodsValid(before: Period, after: Period): boolean {
  const t = (s: string) => new Date(s).getTime();
  const [bf, bt, af, at] = [t(before.from), t(before.to), t(after.from), t(after.to)];
  if ([bf, bt, af, at].some((x) => Number.isNaN(x))) return false;
  return bf < bt && af < at && bt <= af;
}
