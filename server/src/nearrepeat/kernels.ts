/**
 * Near-repeat kernels, incident types and per-picture configuration (spec rtm-method.md §3.5).
 *
 * NR(c, now) = Σ_{confirmed e: 0 ≤ now − t_e < T, dist(c, e) < D} weight · g_s(dist) · g_t(now − t_e)
 */

import { INCIDENT_TYPES, type IncidentType } from '../../../shared/src/events.ts';
import { ProblemsError } from '../../../shared/src/problems.ts';

export { INCIDENT_TYPES };
export type { IncidentType };

/** Incident status of the API contract; only `confirmed` incidents feed surfaces and zones. */
export type IncidentStatus = 'unconfirmed' | 'confirmed' | 'retracted';

/**
 * Kernel shapes. Spatial (d in metres, D the radius): step 1; linear 1 − d/D; exponential 0.5^(d/h_d);
 * promap 1/(1 + d/cell). Temporal (Δt in days, T the window): step 1; linear 1 − Δt/T; exponential
 * 0.5^(Δt/h_t); promap 1/(1 + Δt/7). Every kernel is 0 outside d < D and 0 ≤ Δt < T.
 */
export const KERNELS = ['step', 'linear', 'exponential', 'promap'] as const;
export type Kernel = (typeof KERNELS)[number];

export interface NearRepeatTypeConfig {
  /** Whether incidents of this type feed the surface. */
  enabled: boolean;
  /** Spatial range D in metres. */
  radiusM: number;
  /** Temporal range T in days; also the zone lifetime. */
  windowDays: number;
  spatialKernel: Kernel;
  temporalKernel: Kernel;
  /** Half distance h_d (exponential spatial kernel), metres. */
  halfDistanceM: number;
  /** Half life h_t (exponential temporal kernel), days. */
  halfLifeDays: number;
  /** Multiplier of this type's contribution. */
  weight: number;
  /** Whether a confirmed incident of this type creates a near-repeat zone. */
  createsZone: boolean;
  /**
   * Knox-calibrated kernel (spec §3.5): when set, g(d, τ) = weights[band(d)][band(τ)] replaces the spatial and
   * temporal kernels, and D/T become the last band bounds. Build it with `knoxCalibration`.
   * @defaultValue null
   */
  knox: KnoxCalibration | null;
}

/** Joint space–time weights from a Knox analysis: bands [previous upper, upper), the first from 0. */
export interface KnoxCalibration {
  /** Upper bounds of the spatial bands in metres, strictly increasing. */
  spatialUpper: number[];
  /** Upper bounds of the temporal bands in days, strictly increasing. */
  temporalUpper: number[];
  /** weights[i][j] ≥ 0 for spatial band i and temporal band j. */
  weights: number[][];
}

/** Index of the first band with value < upper, or −1 (value beyond the last band or negative). */
export function bandIndex(upper: readonly number[], value: number): number {
  if (!(value >= 0)) return -1;
  for (let i = 0; i < upper.length; i++) if (value < upper[i]) return i;
  return -1;
}

/** Minimal view of a Knox result needed for calibration (structurally compatible with `KnoxResult`). */
export interface KnoxTableView {
  spatialBands: readonly { kind: string; lower: number; upper: number | null }[];
  temporalBands: readonly { kind: string; lower: number; upper: number | null }[];
  knoxRatio: readonly (readonly (number | null)[])[];
  pValues: readonly (readonly number[])[];
}

/**
 * The Knox-calibrated kernel of spec §3.5: g(d, τ) = max(0, KR − 1) for cells with p ≤ α, else 0, over the
 * finite bands of a Knox result. A same-location band (d = 0 exactly) is skipped: a cell centre never coincides
 * with an incident's exact location in practice, and its weight would otherwise spread over the first band.
 */
export function knoxCalibration(res: KnoxTableView, alpha = 0.05): KnoxCalibration {
  const rows: number[] = [];
  const spatialUpper: number[] = [];
  res.spatialBands.forEach((b, i) => {
    if (b.kind === 'interval' && b.upper !== null) {
      rows.push(i);
      spatialUpper.push(b.upper);
    }
  });
  const cols: number[] = [];
  const temporalUpper: number[] = [];
  res.temporalBands.forEach((b, j) => {
    if (b.kind === 'interval' && b.upper !== null) {
      cols.push(j);
      temporalUpper.push(b.upper);
    }
  });
  if (rows.length === 0 || cols.length === 0) {
    throw new NearRepeatConfigError(['The Knox result has no finite spatial or temporal band to calibrate from.']);
  }
  const weights = rows.map((i) =>
    cols.map((j) => {
      const kr = res.knoxRatio[i][j];
      return kr !== null && res.pValues[i][j] <= alpha + 1e-12 ? Math.max(0, kr - 1) : 0;
    }),
  );
  return { spatialUpper, temporalUpper, weights };
}

export interface NearRepeatConfig {
  types: Record<IncidentType, NearRepeatTypeConfig>;
  /** γ in the combined overlay RRS × (1 + γ·NR). @defaultValue 1 */
  gamma: number;
  /** Distance unit of the ProMap spatial kernel in metres (the "cell" of 1/(1 + d/cell)). @defaultValue 50 */
  promapCellM: number;
}

/** Per-picture overrides; anything left out takes the default. */
export interface NearRepeatConfigInput {
  types?: Partial<Record<IncidentType, Partial<NearRepeatTypeConfig>>>;
  gamma?: number;
  promapCellM?: number;
}

function typeDefaults(
  radiusM: number,
  windowDays: number,
  weight: number,
  createsZone: boolean,
  enabled = true,
): NearRepeatTypeConfig {
  return {
    enabled,
    radiusM,
    windowDays,
    spatialKernel: 'linear',
    temporalKernel: 'step',
    // Esri's prediction-zone tutorial uses half distance ≈ 0.38·range and half life ≈ 0.29·range; a third of
    // each range keeps the same shape.
    halfDistanceM: radiusM / 3,
    halfLifeDays: windowDays / 3,
    weight,
    createsZone,
    knox: null,
  };
}

/**
 * Defaults per incident type. Shootings and explosions follow the product spec (400 m, 14 days, linear in space,
 * step in time; Sturup et al. 2018, Gerell et al. 2021). The other types are design choices:
 * - homicide: 400 m, 14 days, weight 1 (in Sweden mostly gang-related shootings/stabbings with the same retaliation
 *   dynamics), no zone of its own (the causing shooting has one);
 * - threat/violence against emergency personnel and attacks on municipal operations: 200 m, 14 days, weight 0.5
 *   (local escalation around a place);
 * - threat/violence against a witness: 100 m, 7 days, weight 0.25 (person-bound rather than place-bound);
 * - arson: 200 m, 7 days, weight 0.5 (the Chicago arson Knox table, NR-2, shows near repeats within 600 m on the
 *   same day only);
 * - other: disabled (weight 0.25 if a picture turns it on).
 */
export const DEFAULT_NEAR_REPEAT_CONFIG: Readonly<NearRepeatConfig> = Object.freeze({
  types: Object.freeze({
    shooting: Object.freeze(typeDefaults(400, 14, 1, true)),
    explosion: Object.freeze(typeDefaults(400, 14, 1, true)),
    threat_emergency_personnel: Object.freeze(typeDefaults(200, 14, 0.5, false)),
    attack_municipal: Object.freeze(typeDefaults(200, 14, 0.5, false)),
    threat_witness: Object.freeze(typeDefaults(100, 7, 0.25, false)),
    homicide: Object.freeze(typeDefaults(400, 14, 1, false)),
    arson: Object.freeze(typeDefaults(200, 7, 0.5, false)),
    other: Object.freeze(typeDefaults(100, 7, 0.25, false, false)),
  }) as Record<IncidentType, NearRepeatTypeConfig>,
  gamma: 1,
  promapCellM: 50,
});

/** Thrown by {@link resolveNearRepeatConfig}; `problems` has one sentence per problem. */
export class NearRepeatConfigError extends ProblemsError {
  override name = 'NearRepeatConfigError';
}

const MAX_RADIUS_M = 50_000;
const MAX_WINDOW_DAYS = 3_650;

/** Merges per-picture overrides onto the defaults, validates everything at once and returns a frozen config. */
export function resolveNearRepeatConfig(input: NearRepeatConfigInput = {}): Readonly<NearRepeatConfig> {
  const problems: string[] = [];
  const types = {} as Record<IncidentType, NearRepeatTypeConfig>;
  const known = new Set<string>(INCIDENT_TYPES);
  for (const key of Object.keys(input.types ?? {})) {
    if (!known.has(key)) problems.push(`Unknown incident type "${key}"; use one of ${INCIDENT_TYPES.join(', ')}.`);
  }
  for (const t of INCIDENT_TYPES) {
    const o = input.types?.[t] ?? {};
    const c: NearRepeatTypeConfig = { ...DEFAULT_NEAR_REPEAT_CONFIG.types[t], ...o };
    // Half distance/life follow a changed range unless given explicitly.
    if (o.radiusM !== undefined && o.radiusM > 0 && o.halfDistanceM === undefined) c.halfDistanceM = o.radiusM / 3;
    if (o.windowDays !== undefined && o.windowDays > 0 && o.halfLifeDays === undefined) c.halfLifeDays = o.windowDays / 3;
    const pos = (v: number, name: string, max: number): void => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) {
        problems.push(`${t}.${name} must be a number above 0 and at most ${max}, not ${String(v)}.`);
      }
    };
    pos(c.radiusM, 'radiusM', MAX_RADIUS_M);
    pos(c.windowDays, 'windowDays', MAX_WINDOW_DAYS);
    pos(c.halfDistanceM, 'halfDistanceM', MAX_RADIUS_M);
    pos(c.halfLifeDays, 'halfLifeDays', MAX_WINDOW_DAYS);
    if (typeof c.weight !== 'number' || !Number.isFinite(c.weight) || c.weight < 0) {
      problems.push(`${t}.weight must be a number of at least 0, not ${String(c.weight)}.`);
    }
    for (const k of ['spatialKernel', 'temporalKernel'] as const) {
      if (!(KERNELS as readonly string[]).includes(c[k])) {
        problems.push(`${t}.${k} must be one of ${KERNELS.join(', ')}, not "${String(c[k])}".`);
      }
    }
    if (typeof c.enabled !== 'boolean') problems.push(`${t}.enabled must be true or false.`);
    if (typeof c.createsZone !== 'boolean') problems.push(`${t}.createsZone must be true or false.`);
    if (c.knox !== null && c.knox !== undefined) {
      const k = c.knox;
      const inc = (a: unknown): a is number[] =>
        Array.isArray(a) && a.length > 0 && a.every((v, i) => typeof v === 'number' && Number.isFinite(v) && v > 0 && (i === 0 || v > a[i - 1]));
      if (!inc(k.spatialUpper) || !inc(k.temporalUpper)) {
        problems.push(`${t}.knox band bounds must be non-empty, positive and strictly increasing.`);
      } else if (
        !Array.isArray(k.weights) ||
        k.weights.length !== k.spatialUpper.length ||
        !k.weights.every((r) => Array.isArray(r) && r.length === k.temporalUpper.length && r.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0))
      ) {
        problems.push(`${t}.knox weights must be a ${k.spatialUpper.length} × ${k.temporalUpper.length} table of numbers ≥ 0.`);
      } else {
        const frozen: KnoxCalibration = Object.freeze({
          spatialUpper: Object.freeze([...k.spatialUpper]) as number[],
          temporalUpper: Object.freeze([...k.temporalUpper]) as number[],
          weights: Object.freeze(k.weights.map((r) => Object.freeze([...r]) as number[])) as number[][],
        });
        c.knox = frozen;
        c.radiusM = k.spatialUpper[k.spatialUpper.length - 1];
        c.windowDays = k.temporalUpper[k.temporalUpper.length - 1];
      }
    } else c.knox = null;
    types[t] = Object.freeze(c);
  }
  const gamma = input.gamma ?? DEFAULT_NEAR_REPEAT_CONFIG.gamma;
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma < 0) {
    problems.push(`gamma must be a number of at least 0, not ${String(gamma)}.`);
  }
  const promapCellM = input.promapCellM ?? DEFAULT_NEAR_REPEAT_CONFIG.promapCellM;
  if (typeof promapCellM !== 'number' || !Number.isFinite(promapCellM) || promapCellM <= 0) {
    problems.push(`promapCellM must be a number above 0, not ${String(promapCellM)}.`);
  }
  if (problems.length > 0) throw new NearRepeatConfigError(problems);
  return Object.freeze({ types: Object.freeze(types), gamma, promapCellM });
}

/** Spatial kernel g_s(d); 0 unless 0 ≤ d < D. */
export function spatialWeight(kind: Kernel, d: number, radiusM: number, halfDistanceM: number, promapCellM: number): number {
  if (!(d < radiusM) || d < 0) return 0;
  switch (kind) {
    case 'step':
      return 1;
    case 'linear':
      return 1 - d / radiusM;
    case 'exponential':
      return 0.5 ** (d / halfDistanceM);
    case 'promap':
      return 1 / (1 + d / promapCellM);
  }
}

/** Temporal kernel g_t(Δt) with Δt in days; 0 unless 0 ≤ Δt < T. */
export function temporalWeight(kind: Kernel, dtDays: number, windowDays: number, halfLifeDays: number): number {
  if (!(dtDays >= 0 && dtDays < windowDays)) return 0;
  switch (kind) {
    case 'step':
      return 1;
    case 'linear':
      return 1 - dtDays / windowDays;
    case 'exponential':
      return 0.5 ** (dtDays / halfLifeDays);
    case 'promap':
      return 1 / (1 + dtDays / 7);
  }
}

export const MS_PER_DAY = 86_400_000;

/** Time at which an incident's effect ends: occurredAt + T (epoch ms). */
export function effectEndsAt(occurredAtMs: number, cfg: NearRepeatTypeConfig): number {
  return occurredAtMs + cfg.windowDays * MS_PER_DAY;
}
