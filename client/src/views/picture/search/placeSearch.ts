/**
 * Type-ahead over the shipped place names (municipalities and districts): prefix matches first, then matches
 * at a word start, then anywhere; shorter names first among equals. Pure.
 */
import type { BBox } from '../../../map/geo.ts';
import { displayName } from '../incidents/areaPlacement.ts';

export interface PlaceHit {
  name: string;
  kind: 'district' | 'place' | 'geocoder';
  bbox: BBox;
  /** For districts: the municipality they lie in, to tell same-named districts apart. */
  within?: string;
}

interface Named {
  name: string;
  bbox: BBox;
}

const fold = (s: string) => s.toLocaleLowerCase('sv').normalize('NFC').trim();
const centre = (b: BBox): [number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
const inside = (p: [number, number], b: BBox) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];

export function searchPlaces(index: { districts: readonly Named[]; kommuner: readonly Named[] }, query: string, limit = 8): PlaceHit[] {
  const q = fold(query);
  if (q.length < 2) return [];
  const scored: Array<{ hit: PlaceHit; score: number }> = [];
  const consider = (p: Named, kind: PlaceHit['kind']) => {
    const n = fold(p.name);
    const at = n.indexOf(q);
    if (at < 0) return;
    const score = at === 0 ? 0 : /[\s-]/.test(n[at - 1]) ? 1 : 2;
    const within = kind === 'district' ? index.kommuner.find((k) => inside(centre(p.bbox), k.bbox))?.name : undefined;
    scored.push({ hit: { name: displayName(p.name), kind, bbox: p.bbox, ...(within ? { within: displayName(within) } : {}) }, score: score * 1000 + n.length });
  };
  for (const k of index.kommuner) consider(k, 'place');
  for (const d of index.districts) consider(d, 'district');
  scored.sort((a, b) => a.score - b.score || a.hit.name.localeCompare(b.hit.name, 'sv'));
  return scored.slice(0, limit).map((s) => s.hit);
}
