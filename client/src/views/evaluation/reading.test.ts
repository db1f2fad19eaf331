import { describe, expect, it } from 'vitest';
import type { MeasureEvaluation } from '../../../../shared/src/evaluation.ts';
import { sv } from '../../i18n/sv.ts';
import { en } from '../../i18n/en.ts';
import { translate } from '../../i18n/translate.ts';
import { formatP, magnitudes, readEffect, roundForReading } from './reading.ts';
import { plainLines } from './summary.ts';

/**
 * A result as the API shapes it. Rates are per km² and day: with the treated area 0.5 km² and 28 days after,
 * a local estimate of −1.3 per km²·day is 1.3 × 0.5 × 28 = 18.2 fewer incidents in the area.
 */
function result(over: { estLocal?: number; seLocal?: number; estDisplace?: number; seDisplace?: number; alpha?: number; q?: number; p?: number; significant?: boolean } = {}): Pick<MeasureEvaluation, 'wdd' | 'weights' | 'incidentTypes' | 'eTest' | 'significant'> {
  const estLocal = over.estLocal ?? -1.3;
  const seLocal = over.seLocal ?? 0.4;
  const estDisplace = over.estDisplace ?? 0.05;
  const seDisplace = over.seDisplace ?? 0.1;
  const q = over.q ?? 1.959963984540054;
  const estTotal = estLocal + estDisplace;
  const seTotal = Math.hypot(seLocal, seDisplace);
  return {
    wdd: {
      estLocal, seLocal, estDisplace, seDisplace, estTotal, seTotal, z: estTotal / seTotal, lowCI: estTotal - q * seTotal, highCI: estTotal + q * seTotal,
      p: over.p ?? 0.0012, alpha: over.alpha ?? 0.05, significant: over.significant ?? true,
      inputs: { control: [10, 10], treated: [30, 12], displacementControl: [0, 0], displacementTreated: [0, 0], timeWeights: [28, 28], areaWeights: [0.5, 0.5, 1, 1], alpha: 0.05 },
      caveats: [],
    },
    weights: { time: [28, 28], area: [0.6, 0.5, 1.2, 1.1] },
    incidentTypes: ['shooting'],
    eTest: { p: 0.004, k1: 12, k2: 10, n1: 14, n2: 16.8 },
    significant: over.significant ?? true,
  };
}

const tSv = (k: keyof typeof sv, p?: Record<string, string | number>) => translate(sv, k, p);
const tEn = (k: keyof typeof sv, p?: Record<string, string | number>) => translate(en, k, p);

describe('reading an evaluation', () => {
  it('turns rates per km² and day into incidents in the area and the ring, with the API\'s own interval width', () => {
    const e = readEffect(result());
    expect(e.treated.est).toBeCloseTo(-1.3 * 0.5 * 28, 10);
    expect(e.treated.high - e.treated.est).toBeCloseTo(1.959963984540054 * 0.4 * 14, 10);
    expect(e.displacement.est).toBeCloseTo(0.05 * 1.1 * 28, 10);
    expect(e.level).toBe(95);
    expect(e.treatedVerdict).toBe('fewer');
    expect(e.displacementVerdict).toBe('none');
  });

  it('says fewer, more, or unclear from where the interval lies, and displacement or diffusion in the ring', () => {
    expect(readEffect(result({ estLocal: 1.3 })).treatedVerdict).toBe('more');
    expect(readEffect(result({ estLocal: -0.2, seLocal: 0.4 })).treatedVerdict).toBe('unclear');
    expect(readEffect(result({ estDisplace: 0.5, seDisplace: 0.1 })).displacementVerdict).toBe('displacement');
    expect(readEffect(result({ estDisplace: -0.5, seDisplace: 0.1 })).displacementVerdict).toBe('diffusion');
    expect(readEffect(result({ alpha: 0.1, q: 1.6448536269514722 })).level).toBe(90);
  });

  it('rounds for reading and orders interval ends nearest zero first', () => {
    expect(roundForReading(18.2)).toBe(18);
    expect(roundForReading(-3.24)).toBe(-3.2);
    expect(roundForReading(-0.04)).toBe(0);
    expect(Object.is(roundForReading(-0.04), -0)).toBe(false);
    expect(magnitudes({ est: -18, low: -29.4, high: -7.2 })).toEqual([7.2, 29]);
    expect(formatP(0.0004, 'sv')).toBe('< 0,001');
    expect(formatP(0.0123, 'en')).toBe('0.012');
    expect(formatP(null, 'sv')).toBe('–');
  });

  it('writes the plain Swedish sentence the report prints, and its English twin', () => {
    const lines = plainLines(result(), 400, tSv, 'sv');
    // −18.2 fewer; interval −18.2 ± 1.96 × 0.4 × 14 = −29.2 … −7.2
    expect(lines.treated).toBe('Ungefär 18 färre skottlossningar än väntat i åtgärdens område under perioden efter start; 95 % intervall 7,2–29 färre.');
    expect(lines.displacement).toBe('Inga tecken på förflyttning till de omgivande 400 m.');
    expect(lines.test).toBe('WDD-testet (område och omgivning tillsammans): p = 0,0012; skiljer sig från ingen förändring');
    expect(lines.eTest).toContain('p = 0,004');
    const unclear = plainLines(result({ estLocal: -0.2, significant: false, p: 0.62 }), 300, tEn, 'en');
    expect(unclear.treated).toBe('No clear change in the measure’s area: the estimate is −2.8 shootings compared with expected, but the 95 % interval runs from −14 to +8.2.');
    expect(unclear.test).toContain('cannot be distinguished from no change');
  });
});

describe('reading an evaluation weighted relative to the treated area and the after period', () => {
  it('reads the local estimate as incidents directly and scales the ring by its size relative to the area', () => {
    const r = result({ estLocal: -18, seLocal: 5, estDisplace: 2, seDisplace: 1 });
    r.weights = { time: [1.5, 1], area: [1.2, 1, 2.4, 2.2] };
    const e = readEffect(r);
    expect(e.treated.est).toBe(-18);
    expect(e.displacement.est).toBeCloseTo(4.4, 10);
    expect(e.displacement.low).toBeCloseTo((2 - 1.959963984540054) * 2.2, 10);
  });
});

describe('an evaluation with no incidents at all', () => {
  it('says there is nothing to compare instead of an interval from 0 to 0', () => {
    const lines = plainLines(result({ estLocal: 0, seLocal: 0, estDisplace: 0, seDisplace: 0, p: 1, significant: false }), 400, tSv, 'sv');
    expect(lines.treated).toBe('Inga händelser i åtgärdens område eller jämförelseområdet under perioderna: det finns inget att jämföra.');
    expect(lines.displacement).toBe('Inga tecken på förflyttning till de omgivande 400 m.');
  });
});
