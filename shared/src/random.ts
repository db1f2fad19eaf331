/**
 * Seeded pseudo-random numbers, so permutation tests, cross-validation folds and synthetic data are
 * reproducible on every platform. Not cryptographic.
 *
 * Two generators stay because tests pin outputs of both: `createPrng` (sfc32) draws the Knox permutations
 * and near-repeat test data, `mulberry32` the RTM folds and synthetic studies and the demo indicators.
 * Replacing either would change pinned p-values and model fits without making anything better.
 */

/** A generator of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32 from a 32-bit state used as is. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 over a scrambled seed, so that small neighbouring seeds (1, 2, 3…) start far apart. */
export function createRng(seed: number): Random {
  return mulberry32(Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35);
}

export interface Prng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 bits of randomness. */
  nextFloat(): number;
  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32. */
  nextInt(n: number): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32 seeded through splitmix32; any finite number is accepted as seed (integer part, mod 2^32). */
export function createPrng(seed: number): Prng {
  const st = { s: Math.trunc(seed) >>> 0 };
  let a = splitmix32(st);
  let b = splitmix32(st);
  let c = splitmix32(st);
  let d = splitmix32(st);
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up so that nearby seeds diverge.
  for (let i = 0; i < 12; i++) nextUint32();
  const nextFloat = (): number => {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  const nextInt = (n: number): number => Math.floor(nextFloat() * n);
  return { nextUint32, nextFloat, nextInt };
}

/** In-place Fisher–Yates shuffle of a typed array. */
export function shuffleInPlace(arr: Float64Array | Int32Array, rng: Prng): void {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
}
