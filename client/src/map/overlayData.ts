/** Turns picture state into the GeoJSON the map draws (pure; tested in overlayData.test.ts). */
import type { Classification } from '../../../shared/src/access.ts';
import type { IncidentView, ZoneView } from '../../../shared/src/events.ts';
import type { LayerFeature } from '../../../shared/src/layerDoc.ts';
import type { Peer } from '../collab/awareness.ts';
import { type AnyGeometry, labelPoint } from './geo.ts';
import type { MapLabel } from './LabelOverlay.ts';
import { CLASSIFICATION_COLORS } from './colors.ts';

export interface MapFeature {
  type: 'Feature';
  id?: string | number;
  geometry: unknown;
  properties: Record<string, unknown>;
}
export interface MapFc {
  type: 'FeatureCollection';
  features: MapFeature[];
}

export interface LayerFeatures {
  layerId: string;
  classification: Classification;
  features: readonly LayerFeature[];
}

export function annotationsFc(layers: readonly LayerFeatures[], selected: { layerId: string; featureId: string } | null): MapFc {
  const features: MapFeature[] = [];
  for (const l of layers)
    for (const f of l.features)
      features.push({
        type: 'Feature',
        geometry: f.geometry,
        properties: {
          id: `${l.layerId}/${f.id}`,
          layerId: l.layerId,
          featureId: f.id,
          title: f.properties.title,
          color: CLASSIFICATION_COLORS[l.classification] ?? '#444',
          selected: !!selected && selected.layerId === l.layerId && selected.featureId === f.id,
        },
      });
  return { type: 'FeatureCollection', features };
}

export function annotationLabels(layers: readonly LayerFeatures[]): MapLabel[] {
  const out: MapLabel[] = [];
  for (const l of layers)
    for (const f of l.features) {
      if (!f.properties.title) continue;
      const pos = labelPoint(f.geometry as AnyGeometry);
      if (!pos) continue;
      out.push({ id: `ann:${l.layerId}/${f.id}`, pos, text: f.properties.title, minzoom: 10, priority: 50, className: 'label-annotation', dy: f.geometry.type === 'Point' ? -16 : 0 });
    }
  return out;
}

export function incidentsFc(incidents: readonly IncidentView[], highlight: Record<string, number>, now: number): MapFc {
  const features: MapFeature[] = [];
  for (const i of incidents) {
    if (i.status === 'retracted' || !i.location) continue;
    features.push({
      type: 'Feature',
      geometry: i.location,
      properties: { id: i.id, type: i.type, status: i.status, precision: i.locationPrecision, highlight: (highlight[i.id] ?? 0) > now },
    });
  }
  return { type: 'FeatureCollection', features };
}

export function zonesFc(zones: readonly ZoneView[]): MapFc {
  return {
    type: 'FeatureCollection',
    features: zones.map((z) => ({ type: 'Feature', geometry: z.geometry, properties: { id: z.id, expiresAt: z.expiresAt, generalised: z.generalised } })),
  };
}

export function zoneLabels(zones: readonly ZoneView[], text: (z: ZoneView) => string): MapLabel[] {
  const out: MapLabel[] = [];
  for (const z of zones) {
    const pos = labelPoint(z.geometry as AnyGeometry);
    if (pos) out.push({ id: `zone:${z.id}`, pos, text: text(z), priority: 60, className: 'label-zone', minzoom: 9 });
  }
  return out;
}

/** Other users' selected features outlined in their colour, and their cursors as labels. */
export function peersOverlay(peers: readonly Peer[], layers: readonly LayerFeatures[]): { selections: MapFc; cursors: MapLabel[] } {
  const byId = new Map<string, LayerFeature>();
  for (const l of layers) for (const f of l.features) byId.set(f.id, f);
  const features: MapFeature[] = [];
  const cursors: MapLabel[] = [];
  for (const p of peers) {
    if (p.selection) {
      const f = byId.get(p.selection);
      if (f) features.push({ type: 'Feature', geometry: f.geometry, properties: { color: p.user.color, name: p.user.name } });
    }
    if (p.cursor) cursors.push({ id: `peer:${p.clientId}`, pos: p.cursor, text: `▲ ${p.user.name}`, color: p.user.color, className: 'label-peer', force: true });
  }
  return { selections: { type: 'FeatureCollection', features }, cursors };
}
