import { describe, expect, it } from 'vitest';
import { defaultPeriods, periodsValid } from './periods.ts';

const now = Date.parse('2026-12-05T12:00:00Z');

describe('evaluation periods', () => {
  it('take the same length before the start as has passed since it (until the end when it has ended)', () => {
    const running = defaultPeriods('2026-11-05T12:00:00Z', null, now);
    expect(running.after).toEqual({ from: '2026-11-05T12:00:00.000Z', to: '2026-12-05T12:00:00.000Z' });
    expect(running.before).toEqual({ from: '2026-10-06T12:00:00.000Z', to: '2026-11-05T12:00:00.000Z' });
    const ended = defaultPeriods('2026-10-01T00:00:00Z', '2026-10-15T00:00:00Z', now);
    expect(ended.after.to).toBe('2026-10-15T00:00:00.000Z');
    expect(ended.before.from).toBe('2026-09-17T00:00:00.000Z');
  });

  it('offer four weeks each side for a measure that has not started', () => {
    const p = defaultPeriods('2026-12-20T00:00:00Z', null, now);
    expect(p.after).toEqual({ from: '2026-12-20T00:00:00.000Z', to: '2027-01-17T00:00:00.000Z' });
    expect(p.before.from).toBe('2026-11-22T00:00:00.000Z');
  });

  it('refuse periods that overlap, run backwards or do not parse', () => {
    const a = { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    expect(periodsValid({ from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, a)).toBe(true);
    expect(periodsValid({ from: '2026-10-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }, a)).toBe(false);
    expect(periodsValid({ from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z' }, a)).toBe(false);
    expect(periodsValid({ from: 'x', to: '2026-10-01T00:00:00Z' }, a)).toBe(false);
  });
});
