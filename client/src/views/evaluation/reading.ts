/**
 * The numbers of an evaluation turned into what a reader needs: effects in incidents (not rates), rounded for
 * reading, with the interval's level and what it means. Pure: the report, the tab and the overview all say the
 * same thing from the same numbers the API sent.
 *
 * The API's WDD is weighted by time and area. Whatever units the weights are in, the post-period weight of an
 * area (time × area weight) turns its estimate into incidents in that area during the after period: the local
 * estimate becomes "incidents in the treated area during the after period, compared with what the before period
 * and the control's change lead one to expect", the displacement estimate the same for the ring. (The API now
 * weights relative to T and the after period, so for T the factor is 1.) The interval scales with it.
 */
import type { IncidentType } from '../../../../shared/src/events.ts';
import type { MeasureEvaluation } from '../../../../shared/src/evaluation.ts';

export interface Interval {
  est: number;
  low: number;
  high: number;
}

export type Verdict = 'fewer' | 'more' | 'unclear';

export interface EffectReading {
  /** Incidents in the treated area during the after period, observed minus expected (negative: fewer). */
  treated: Interval;
  /** The same for the displacement ring. */
  displacement: Interval;
  /** Confidence level in percent (from the test's alpha). */
  level: number;
  treatedVerdict: Verdict;
  displacementVerdict: 'displacement' | 'diffusion' | 'none';
}

/** The standard normal quantile the API used, read back from its own interval (no second implementation). */
function quantileOf(wdd: MeasureEvaluation['wdd']): number {
  if (wdd.seTotal > 0 && Number.isFinite(wdd.highCI)) return (wdd.highCI - wdd.estTotal) / wdd.seTotal;
  return 1.6448536269514722;
}

export function readEffect(r: Pick<MeasureEvaluation, 'wdd' | 'weights'>): EffectReading {
  const q = quantileOf(r.wdd);
  const postDays = r.weights.time[1];
  const fT = postDays * r.weights.area[1];
  const fD = postDays * r.weights.area[3];
  const interval = (est: number, se: number, f: number): Interval => ({ est: est * f, low: (est - q * se) * f, high: (est + q * se) * f });
  const treated = interval(r.wdd.estLocal, r.wdd.seLocal, fT);
  const displacement = interval(r.wdd.estDisplace, r.wdd.seDisplace, fD);
  const verdict = (i: Interval): Verdict => (i.high < 0 ? 'fewer' : i.low > 0 ? 'more' : 'unclear');
  const d = verdict(displacement);
  return {
    treated,
    displacement,
    level: Math.round((1 - (r.wdd.alpha ?? 0.1)) * 100),
    treatedVerdict: verdict(treated),
    displacementVerdict: d === 'more' ? 'displacement' : d === 'fewer' ? 'diffusion' : 'none',
  };
}

/** Rounded for reading: whole numbers from 10 up, one decimal below (never "-0"). */
export function roundForReading(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.abs(x) >= 10 ? Math.round(x) : Math.round(x * 10) / 10;
  return r === 0 ? 0 : r;
}

/** The two ends of an interval as magnitudes, nearest zero first ("7–29 fewer"), when both lie on one side. */
export function magnitudes(i: Interval): [number, number] {
  const a = Math.abs(roundForReading(i.low));
  const b = Math.abs(roundForReading(i.high));
  return a <= b ? [a, b] : [b, a];
}

/** A p-value for reading: "< 0,001" below a thousandth, else two significant digits. */
export function formatP(p: number | null | undefined, locale: 'sv' | 'en'): string {
  if (p == null || !Number.isFinite(p)) return '–';
  const tag = locale === 'sv' ? 'sv-SE' : 'en-GB';
  if (p < 0.001) return `< ${new Intl.NumberFormat(tag).format(0.001)}`;
  return new Intl.NumberFormat(tag, { maximumSignificantDigits: 2 }).format(p);
}

/** Plural names of incident types for sentences ("18 färre skottlossningar"); several types: "händelser". */
const PLURAL: Record<'sv' | 'en', Record<IncidentType | 'any', string>> = {
  sv: {
    shooting: 'skottlossningar',
    explosion: 'sprängningar',
    threat_emergency_personnel: 'hot eller våld mot blåljuspersonal',
    attack_municipal: 'angrepp mot kommunal verksamhet',
    threat_witness: 'hot mot vittnen',
    homicide: 'mord',
    arson: 'anlagda bränder',
    other: 'händelser',
    any: 'händelser',
  },
  en: {
    shooting: 'shootings',
    explosion: 'explosions',
    threat_emergency_personnel: 'threats or violence against emergency personnel',
    attack_municipal: 'attacks on municipal services',
    threat_witness: 'threats against witnesses',
    homicide: 'homicides',
    arson: 'arsons',
    other: 'incidents',
    any: 'incidents',
  },
};

export function incidentsWord(types: readonly IncidentType[], locale: 'sv' | 'en'): string {
  return PLURAL[locale][types.length === 1 ? types[0] : 'any'] ?? PLURAL[locale].any;
}
