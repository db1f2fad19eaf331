import { basemapUrl } from './baseStyle.ts';
import { type AnyGeometry, labelPoint } from './geo.ts';
import type { MapLabel } from './LabelOverlay.ts';

interface Fc {
  features: { properties: Record<string, unknown> | null; geometry: AnyGeometry | null }[];
}

const SOURCES: { file: string; nameProp: string; minzoom: number; maxzoom: number; priority: number; className: string; transform?: (s: string) => string }[] = [
  { file: 'lan_scb.geojson', nameProp: 'lan', minzoom: 0, maxzoom: 6.5, priority: 30, className: 'label-lan' },
  { file: 'kommuner_scb.geojson', nameProp: 'kommun', minzoom: 6.5, maxzoom: 11, priority: 20, className: 'label-kommun' },
  { file: 'malmo_delomraden.geojson', nameProp: 'delomrade', minzoom: 11, maxzoom: 99, priority: 10, className: 'label-district' },
  {
    file: 'stockholm_stadsdelar.geojson',
    nameProp: 'name',
    minzoom: 11,
    maxzoom: 99,
    priority: 10,
    className: 'label-district',
    transform: (s) => s.charAt(0) + s.slice(1).toLowerCase(),
  },
];

/** Base-map place names, computed once from the shipped GeoJSON. */
export async function loadBasemapLabels(signal?: AbortSignal): Promise<MapLabel[]> {
  const out: MapLabel[] = [];
  await Promise.all(
    SOURCES.map(async (s) => {
      try {
        const res = await fetch(basemapUrl(s.file), { signal });
        if (!res.ok) return;
        const fc = (await res.json()) as Fc;
        fc.features.forEach((f, i) => {
          const name = f.properties?.[s.nameProp];
          const pos = labelPoint(f.geometry);
          if (typeof name !== 'string' || !pos) return;
          out.push({
            id: `${s.file}:${i}`,
            pos,
            text: s.transform ? s.transform(name) : name,
            minzoom: s.minzoom,
            maxzoom: s.maxzoom,
            priority: s.priority,
            className: s.className,
          });
        });
      } catch {
        // Labels are an aid; the map works without them.
      }
    }),
  );
  return out;
}
