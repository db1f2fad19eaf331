import { describe, expect, it } from 'vitest';
import { binEdges, cumulative } from './overTime.ts';
import { plainSummary } from './plain.ts';

describe('the cumulative view over time (evaluation-method.md §5)', () => {
  it('cumulates only after the start, with √(cumT + cumC) and the log-scale IRR interval', () => {
    const d = (s: string) => new Date(s);
    const bins = cumulative([
      { from: d('2026-01-01'), to: d('2026-01-08'), phase: 'before', treated: 9, control: 9 },
      { from: d('2026-02-01'), to: d('2026-02-08'), phase: 'after', treated: 4, control: 8 },
      { from: d('2026-02-08'), to: d('2026-02-15'), phase: 'after', treated: 5, control: 10 },
    ]);
    expect(bins[0]?.cumTreated).toBeUndefined();
    const last = bins[2];
    expect(last).toMatchObject({ cumTreated: 9, cumControl: 18, cumDiff: -9 });
    expect(last?.se).toBeCloseTo(Math.sqrt(27), 12);
    expect(last?.low).toBeCloseTo(-9 - 1.959963984540054 * Math.sqrt(27), 9);
    expect(last?.irr).toBeCloseTo(0.5, 12);
    const half = 1.959963984540054 * Math.sqrt(1 / 9 + 1 / 18);
    expect(last?.irrLow).toBeCloseTo(0.5 * Math.exp(-half), 9);
    expect(last?.irrHigh).toBeCloseTo(0.5 * Math.exp(half), 9);
  });

  it('gives no IRR while a cumulative count is 0', () => {
    const [b] = cumulative([{ from: new Date(0), to: new Date(1), phase: 'after', treated: 0, control: 3 }]);
    expect(b?.irr).toBeNull();
    expect(b?.se).toBeCloseTo(Math.sqrt(3), 12);
  });

  it('cuts half-open weekly and calendar-month bins, the last clipped to the end', () => {
    const w = binEdges(new Date('2026-04-01T00:00:00Z'), new Date('2026-04-20T00:00:00Z'), 'week');
    expect(w.map(([a, b]) => [a.toISOString().slice(0, 10), b.toISOString().slice(0, 10)])).toEqual([
      ['2026-04-01', '2026-04-08'],
      ['2026-04-08', '2026-04-15'],
      ['2026-04-15', '2026-04-20'],
    ]);
    expect(binEdges(new Date('2026-01-15T00:00:00Z'), new Date('2026-04-01T00:00:00Z'), 'month').map(([a]) => a.toISOString().slice(0, 10))).toEqual(['2026-01-15', '2026-02-01', '2026-03-01']);
  });
});

describe('the plain-language summary', () => {
  const what = { sv: 'skjutningar', en: 'shootings' };
  it('reads like the issue’s example, from the same numbers', () => {
    // est −18, SE such that the 95 % interval is about 7–29 fewer.
    const s = plainSummary({ estLocal: -18, seLocal: 5.6, estDisplace: 1, seDisplace: 4, what, displacementWidthM: 400, hasDisplacement: true });
    expect(s.sv).toBe('Ungefär 18 färre skjutningar än förväntat; 95 % intervall 7–29 färre; inga tecken på förflyttning till de omgivande 400 m.');
    expect(s.en).toBe('About 18 fewer shootings than expected; 95 % interval 7–29 fewer; no sign of displacement into the surrounding 400 m.');
  });
  it('says when the interval spans no change, and when displacement shows', () => {
    const s = plainSummary({ estLocal: -3, seLocal: 4, estDisplace: 12, seDisplace: 3, what, displacementWidthM: 300, hasDisplacement: true });
    expect(s.sv).toMatch(/11 färre till 5 fler/);
    expect(s.sv).toMatch(/tecken på förflyttning: ungefär 12 fler i de omgivande 300 m/);
  });
});
