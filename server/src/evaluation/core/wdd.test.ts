import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../shared/src/random.ts';
import { EvaluationInputError } from './errors.ts';
import { wdd } from './wdd.ts';
import { wddHarm } from './wddHarm.ts';

describe('WDD (Wheeler & Ratcliffe 2018)', () => {
  it('reproduces the paper: control 308→318, treated 207→110, displacement control 150→140, displacement 178→157', () => {
    // Wheeler & Ratcliffe (2018) Crime Science 7:11, the Philadelphia foot patrol example; the same numbers are the
    // "Est & Variance Paper" test of ptools: estimate −118, variance 1568, z −2.98, 95 % interval −196 to −40.
    const r = wdd({ control: [308, 318], treated: [207, 110], displacementControl: [150, 140], displacementTreated: [178, 157], alpha: 0.05 });
    expect(r.estLocal).toBe(-107);
    expect(r.estDisplace).toBe(-11);
    expect(r.estTotal).toBe(-118);
    expect(r.seTotal ** 2).toBeCloseTo(1568, 9);
    expect(r.z).toBeCloseTo(-2.98, 2);
    expect(Math.round(r.lowCI)).toBe(-196);
    expect(Math.round(r.highCI)).toBe(-40);
    expect(r.significant).toBe(true);
  });

  it('reproduces ptools README: wdd(c(20,20), c(20,10)) = −10 (8.3666), z −1.195229, 90 % interval −23.761833 to 3.761833', () => {
    const r = wdd({ control: [20, 20], treated: [20, 10] });
    expect(r.estTotal).toBe(-10);
    expect(r.seLocal).toBeCloseTo(8.3666, 4);
    expect(r.z).toBeCloseTo(-1.195229, 6);
    expect(r.lowCI).toBeCloseTo(-23.761833, 6);
    expect(r.highCI).toBeCloseTo(3.761833, 6);
    expect(r.significant).toBe(false);
  });

  it('reproduces the ptools tests: displacement −10 and total −20', () => {
    expect(wdd({ control: [20, 20], treated: [20, 20], displacementControl: [20, 20], displacementTreated: [20, 10] }).estDisplace).toBe(-10);
    expect(wdd({ control: [20, 20], treated: [20, 10], displacementControl: [20, 20], displacementTreated: [20, 10] }).estTotal).toBe(-20);
  });

  const rng = createRng(13);
  const count = () => Math.floor(rng() * 400);
  const cases = Array.from({ length: 200 }, () => ({ c: [count(), count()] as const, t: [count(), count()] as const, dc: [count(), count()] as const, dt: [count(), count()] as const }));

  it('with all weights 1 equals the unweighted form (200 seeded random inputs)', () => {
    for (const { c, t, dc, dt } of cases) {
      const r = wdd({ control: c, treated: t, displacementControl: dc, displacementTreated: dt, timeWeights: [1, 1], areaWeights: [1, 1, 1, 1] });
      expect(r.estTotal).toBe(t[1] - t[0] - (c[1] - c[0]) + (dt[1] - dt[0] - (dc[1] - dc[0])));
      expect(r.seTotal).toBeCloseTo(Math.sqrt(c[0] + c[1] + t[0] + t[1] + dc[0] + dc[1] + dt[0] + dt[1]), 9);
    }
  });

  it('scaling both periods’ time weights by the same factor leaves z unchanged (200 seeded random inputs)', () => {
    for (const { c, t, dc, dt } of cases) {
      const tw = [1 + rng() * 20, 1 + rng() * 20] as const;
      const aw = [0.5 + rng(), 0.5 + rng(), 0.5 + rng(), 0.5 + rng()] as const;
      const k = 0.01 + rng() * 100;
      const a = wdd({ control: c, treated: t, displacementControl: dc, displacementTreated: dt, timeWeights: tw, areaWeights: aw });
      const b = wdd({ control: c, treated: t, displacementControl: dc, displacementTreated: dt, timeWeights: [tw[0] * k, tw[1] * k], areaWeights: aw });
      if (a.seTotal === 0) continue;
      expect(b.z).toBeCloseTo(a.z, 9);
      expect(b.estTotal).toBeCloseTo(a.estTotal / k, 9);
    }
  });

  it('compares unequal periods as rates: 30 days before, 60 after, the same daily rate is no change', () => {
    const r = wdd({ control: [30, 60], treated: [10, 20], timeWeights: [30, 60] });
    expect(r.estTotal).toBeCloseTo(0, 12);
    expect(r.p).toBeCloseTo(1, 12);
  });

  it('gives z 0 and p 1, not NaN, when every count is zero', () => {
    const r = wdd({ control: [0, 0], treated: [0, 0] });
    expect(r.z).toBe(0);
    expect(r.p).toBe(1);
    expect(r.lowCI).toBe(0);
  });

  it('rejects negative counts and non-positive weights with a sentence', () => {
    expect(() => wdd({ control: [-1, 2], treated: [1, 1] })).toThrow(EvaluationInputError);
    expect(() => wdd({ control: [1, 2], treated: [1, 1], timeWeights: [0, 1] })).toThrow(/positive/);
    expect(() => wdd({ control: [1, 2], treated: [1, 1], alpha: 1 })).toThrow(/alpha/);
  });
});

describe('harm-weighted WDD (Wheeler 2020)', () => {
  it('reproduces the ptools wdd_harm example: robbery, burglary, theft with weights 10, 5, 1', () => {
    const rob = wdd({ control: [20, 20], treated: [20, 10] });
    const burg = wdd({ control: [30, 30], treated: [25, 20] });
    const theft = wdd({ control: [80, 60], treated: [70, 20] });
    const r = wddHarm([
      { est: rob.estLocal, se: rob.seLocal, weight: 10 },
      { est: burg.estLocal, se: burg.seLocal, weight: 5 },
      { est: theft.estLocal, se: theft.seLocal, weight: 1 },
    ]);
    // −10·10 + −5·5 + −30·1; variance 100·70 + 25·105 + 1·230.
    expect(r.harmEst).toBe(-155);
    expect(r.seHarmEst).toBeCloseTo(Math.sqrt(7000 + 2625 + 230), 9);
    expect(r.z).toBeCloseTo(-155 / Math.sqrt(9855), 12);
  });

  it('refuses an empty list and negative standard errors', () => {
    expect(() => wddHarm([])).toThrow(EvaluationInputError);
    expect(() => wddHarm([{ est: 1, se: -1, weight: 1 }])).toThrow(/negative/);
  });
});
