/** Place names for coordinates from the shipped base-map polygons (district, municipality). */
import { basemapUrl } from './baseStyle.ts';
import { type AnyGeometry, type BBox, bboxOf, type Pos, pointInGeometry } from './geo.ts';

interface Place {
  name: string;
  geometry: AnyGeometry;
  bbox: BBox;
}

export interface PlaceIndex {
  districts: Place[];
  kommuner: Place[];
}

function toPlaces(fc: { features: { properties: Record<string, unknown> | null; geometry: AnyGeometry | null }[] }, prop: string, fix?: (s: string) => string): Place[] {
  const out: Place[] = [];
  for (const f of fc.features) {
    const n = f.properties?.[prop];
    const b = bboxOf(f.geometry);
    if (typeof n === 'string' && f.geometry && b) out.push({ name: fix ? fix(n) : n, geometry: f.geometry, bbox: b });
  }
  return out;
}

function inBox(p: Pos, b: BBox): boolean {
  return p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3];
}

export function placeName(index: PlaceIndex, p: Pos): string | null {
  const find = (list: Place[]) => list.find((x) => inBox(p, x.bbox) && pointInGeometry(p, x.geometry))?.name ?? null;
  const d = find(index.districts);
  const k = find(index.kommuner);
  if (d && k) return `${d}, ${k}`;
  return d ?? k;
}

let cached: Promise<PlaceIndex> | null = null;

export function loadPlaces(): Promise<PlaceIndex> {
  cached ??= (async () => {
    const get = async (file: string) => {
      try {
        const r = await fetch(basemapUrl(file));
        return r.ok ? await r.json() : { features: [] };
      } catch {
        return { features: [] };
      }
    };
    const [k, m, s] = await Promise.all([get('kommuner_scb.geojson'), get('malmo_delomraden.geojson'), get('stockholm_stadsdelar.geojson')]);
    return {
      kommuner: toPlaces(k, 'kommun'),
      districts: [...toPlaces(m, 'delomrade'), ...toPlaces(s, 'name', (x) => x.charAt(0) + x.slice(1).toLowerCase())],
    };
  })();
  return cached;
}
