/**
 * The plain-language summary of an evaluation, from the same numbers as the API (evaluation-method.md §7: the
 * report rounds for reading). Pure. Swedish first, English second.
 */
import { normalQuantile } from './normal.ts';

export interface PlainInput {
  estLocal: number;
  seLocal: number;
  estDisplace: number;
  seDisplace: number;
  /** What was counted, in the plural ("skjutningar"/"shootings" or "händelser"/"incidents"). */
  what: { sv: string; en: string };
  displacementWidthM: number;
  /** No displacement control or counts: say nothing about displacement. */
  hasDisplacement: boolean;
}

const fmt = (v: number) => String(Math.round(Math.abs(v)));

/** "7–29 färre", "3 färre – 12 fler" for an interval [lo, hi] of a difference (negative: fewer). */
function intervalSv(lo: number, hi: number): string {
  if (hi < 0) return `${fmt(hi)}–${fmt(lo)} färre`;
  if (lo > 0) return `${fmt(lo)}–${fmt(hi)} fler`;
  return `${fmt(lo)} färre till ${fmt(hi)} fler`;
}
function intervalEn(lo: number, hi: number): string {
  if (hi < 0) return `${fmt(hi)}–${fmt(lo)} fewer`;
  if (lo > 0) return `${fmt(lo)}–${fmt(hi)} more`;
  return `${fmt(lo)} fewer to ${fmt(hi)} more`;
}

export function plainSummary(x: PlainInput): { sv: string; en: string } {
  const q = normalQuantile(0.975);
  const lo = x.estLocal - q * x.seLocal;
  const hi = x.estLocal + q * x.seLocal;
  const n = Math.round(Math.abs(x.estLocal));
  const localSv = n === 0 ? `ungefär lika många ${x.what.sv} som förväntat` : `ungefär ${n} ${x.estLocal < 0 ? 'färre' : 'fler'} ${x.what.sv} än förväntat`;
  const localEn = n === 0 ? `about as many ${x.what.en} as expected` : `about ${n} ${x.estLocal < 0 ? 'fewer' : 'more'} ${x.what.en} than expected`;
  let sv = `${localSv}; 95 % intervall ${intervalSv(lo, hi)}`;
  let en = `${localEn}; 95 % interval ${intervalEn(lo, hi)}`;
  if (x.hasDisplacement) {
    const dlo = x.estDisplace - q * x.seDisplace;
    const dhi = x.estDisplace + q * x.seDisplace;
    const w = Math.round(x.displacementWidthM);
    if (dlo > 0) {
      sv += `; tecken på förflyttning: ungefär ${fmt(x.estDisplace)} fler i de omgivande ${w} m`;
      en += `; signs of displacement: about ${fmt(x.estDisplace)} more in the surrounding ${w} m`;
    } else if (dhi < 0) {
      sv += `; tecken på spridd nytta: ungefär ${fmt(x.estDisplace)} färre även i de omgivande ${w} m`;
      en += `; signs of diffusion of benefits: about ${fmt(x.estDisplace)} fewer in the surrounding ${w} m too`;
    } else {
      sv += `; inga tecken på förflyttning till de omgivande ${w} m`;
      en += `; no sign of displacement into the surrounding ${w} m`;
    }
  }
  return { sv: `${sv.charAt(0).toUpperCase()}${sv.slice(1)}.`, en: `${en.charAt(0).toUpperCase()}${en.slice(1)}.` };
}
