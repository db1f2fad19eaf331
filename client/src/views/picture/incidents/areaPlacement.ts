/**
 * Where an area-precision incident belongs on the map. The police feed gives only the municipality's
 * centroid, so a point there would claim a district (Gamla staden) the event may not be in. Instead the event
 * is its municipality's outline, or, when its text names a shipped district of that municipality, that
 * district's outline, marked as placed by the place name. Pure.
 */
import { type AnyGeometry, type BBox, pointInGeometry, type Pos } from '../../../map/geo.ts';

export interface Place {
  name: string;
  geometry: AnyGeometry;
  bbox: BBox;
}

export interface AreaPlacement {
  geometry: AnyGeometry;
  /** Display name (title case). */
  name: string;
  /** True when a district named in the text was chosen over the whole municipality. */
  byName: boolean;
}

/** "GAMLA STADEN" → "Gamla Staden"; names already in mixed case are kept. */
export function displayName(n: string): string {
  if (n !== n.toLocaleUpperCase('sv')) return n;
  return n.toLocaleLowerCase('sv').replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toLocaleUpperCase('sv'));
}

const inBox = (p: Pos, b: BBox) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];
const within = (inner: BBox, outer: BBox) => inner[0] >= outer[0] - 1e-9 && inner[1] >= outer[1] - 1e-9 && inner[2] <= outer[2] + 1e-9 && inner[3] <= outer[3] + 1e-9;

/** The names a text may use for a district: its own, and for "Gamla X" also "X" (Gamla Limhamn ← Limhamn). */
function spellings(name: string): string[] {
  const n = name.toLocaleLowerCase('sv').trim();
  const out = [n];
  const m = /^gamla (.+)$/.exec(n);
  if (m) out.push(m[1]);
  return out;
}

/** Whether `needle` occurs in `hay` as whole words (letters of Swedish included). */
function hasWords(hay: string, needle: string): boolean {
  let from = 0;
  for (;;) {
    const i = hay.indexOf(needle, from);
    if (i < 0) return false;
    const before = i === 0 ? '' : hay[i - 1];
    const after = hay[i + needle.length] ?? '';
    if (!/\p{L}/u.test(before) && !/\p{L}/u.test(after)) return true;
    from = i + 1;
  }
}

export function placeAreaIncident(p: Pos, text: string | null | undefined, index: { districts: readonly Place[]; kommuner: readonly Place[] }): AreaPlacement | null {
  const kommun = index.kommuner.find((k) => inBox(p, k.bbox) && pointInGeometry(p, k.geometry));
  if (!kommun) return null;
  const hay = (text ?? '').toLocaleLowerCase('sv');
  if (hay) {
    let best: { place: Place; len: number } | null = null;
    for (const d of index.districts) {
      if (!within(d.bbox, kommun.bbox)) continue;
      for (const s of spellings(d.name)) if (s.length >= 4 && hasWords(hay, s) && (!best || s.length > best.len)) best = { place: d, len: s.length };
    }
    if (best) return { geometry: best.place.geometry, name: displayName(best.place.name), byName: true };
  }
  return { geometry: kommun.geometry, name: displayName(kommun.name), byName: false };
}
