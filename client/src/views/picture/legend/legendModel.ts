/**
 * What the legend shows, derived from how the map draws (PictureMapController's paint and the servers' tile
 * palettes), so the key matches the map: the risk tiles are a continuous viridis ramp whose opacity rises with
 * the value, drawn at raster-opacity 0.6; the RTM tiles are three classes above the mean. Pure.
 */

/** Viridis stops of the near-repeat tiles (server/src/risk/tiles.ts STOPS) at 0, 0.25, 0.5, 0.75, 1. */
const RISK_STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
/** The map's raster-opacity for both risk layers (PictureMapController). */
export const RASTER_OPACITY = 0.6;

const hex = (rgb: readonly number[]) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** A colour of alpha `a` (0–1) as it looks over a light base map (white). */
export function overWhite(rgb: readonly [number, number, number], a: number): string {
  return hex(rgb.map((c) => c * a + 255 * (1 - a)));
}

/**
 * The ramp as it appears on the map at t = 0, .25, … 1: tile alpha (90 + 130 t) / 255 (server palette) times
 * the raster opacity, over white. Used as CSS gradient stops.
 */
export function riskRampColours(): string[] {
  return RISK_STOPS.map((rgb, i) => overWhite(rgb, ((90 + 130 * (i / (RISK_STOPS.length - 1))) / 255) * RASTER_OPACITY));
}

/** RTM classes 1–3 (server/src/rtm/core/tiles.ts CLASS_COLORS; class 0, below the mean, is not drawn). */
export const RTM_CLASSES: ReadonlyArray<{ cls: 1 | 2 | 3; rgb: readonly [number, number, number]; alpha: number }> = [
  { cls: 1, rgb: [254, 224, 139], alpha: 150 / 255 },
  { cls: 2, rgb: [244, 109, 67], alpha: 190 / 255 },
  { cls: 3, rgb: [165, 0, 38], alpha: 220 / 255 },
];

export function rtmClassColour(cls: 1 | 2 | 3): string {
  const c = RTM_CLASSES.find((x) => x.cls === cls)!;
  return overWhite(c.rgb, c.alpha * RASTER_OPACITY);
}

/** Incident symbols (incidents-circle): confirmed filled, unconfirmed hollow, both with the same orange ring. */
export const INCIDENT_COLOUR = '#D55E00';
/** Near-repeat zones (zones-fill, zones-line). */
export const ZONE_FILL = '#E69F00';
export const ZONE_LINE = '#B35806';
export const ZONE_FILL_OPACITY = 0.18;
/** Area-precision incidents (incidents/useIncidentAreas.ts). */
export const AREA_INCIDENT_LINE = '#D55E00';

export type LegendSymbol =
  | { kind: 'dot'; fill: string; stroke: string }
  | { kind: 'box'; fill: string; stroke: string; dashed?: boolean; hatch?: boolean }
  | { kind: 'ramp'; colours: string[] };

export interface LegendEntry {
  key: string;
  symbol: LegendSymbol;
  /** Message key of the label (resolved by the caller). */
  label: string;
  /** Text that replaces the label (layer names). */
  text?: string;
  /** Label of the ramp's ends. */
  ends?: [string, string];
}

export interface LegendInput {
  incidents: boolean;
  areaIncidents: boolean;
  zones: boolean;
  generalisedZones: boolean;
  risk: boolean;
  rtm: boolean;
  layers: ReadonlyArray<{ name: string; colour: string }>;
}

/** The legend rows for what is on the map now, in drawing order from the top. */
export function legendEntries(s: LegendInput): LegendEntry[] {
  const out: LegendEntry[] = [];
  if (s.incidents) {
    out.push({ key: 'inc-c', symbol: { kind: 'dot', fill: INCIDENT_COLOUR, stroke: INCIDENT_COLOUR }, label: 'legend.confirmed' });
    out.push({ key: 'inc-u', symbol: { kind: 'dot', fill: '#ffffff', stroke: INCIDENT_COLOUR }, label: 'legend.unconfirmed' });
  }
  if (s.areaIncidents) out.push({ key: 'inc-a', symbol: { kind: 'box', fill: '#ffffff', stroke: AREA_INCIDENT_LINE, dashed: true, hatch: true }, label: 'legend.areaPrecision' });
  if (s.zones) out.push({ key: 'zone', symbol: { kind: 'box', fill: overWhite([230, 159, 0], ZONE_FILL_OPACITY), stroke: ZONE_LINE, dashed: true }, label: s.generalisedZones ? 'legend.zonesGeneralised' : 'legend.zones' });
  if (s.risk) out.push({ key: 'risk', symbol: { kind: 'ramp', colours: riskRampColours() }, label: 'legend.risk', ends: ['legend.riskLow', 'legend.riskHigh'] });
  if (s.rtm) out.push({ key: 'rtm', symbol: { kind: 'ramp', colours: RTM_CLASSES.map((c) => rtmClassColour(c.cls)) }, label: 'legend.rtm', ends: ['rtm.cls.above_average', 'rtm.cls.highest'] });
  for (const l of s.layers) out.push({ key: `layer-${l.name}`, symbol: { kind: 'box', fill: l.colour, stroke: l.colour }, label: 'legend.layers', text: l.name });
  return out;
}
