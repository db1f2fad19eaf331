/**
 * Small pure helpers for the RTM engine: canonical hashing, special functions.
 */
import { createHash } from 'node:crypto';

/** Canonical JSON: object keys sorted, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const LG = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, ~1e-15 relative). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const xx = x - 1;
  let a = LG[0];
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += LG[i] / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log(y!) for integer y ≥ 0, exact table for small y. */
const LFACT = new Float64Array(256);
for (let i = 2; i < 256; i++) LFACT[i] = LFACT[i - 1] + Math.log(i);
export function logFactorial(y: number): number {
  return y < 256 ? LFACT[y] : lgamma(y + 1);
}

/** Complementary error function (W. J. Cody-style rational approximation via erfc Chebyshev, |err| < 1.2e-7 relative).
 * Good enough for p-values. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided normal p-value for a z statistic. */
export function twoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? Number.NaN : 0;
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Formats a distance for variable names: 250 → "250", 62.5 → "62.5". */
export function fmtDist(d: number): string {
  return String(Math.round(d * 1000) / 1000);
}
