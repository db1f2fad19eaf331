/**
 * Near-repeat zones as features of the picture's layer documents, so every map client (y-websocket) shows them
 * and they appear in exports and history: exact zones in `incidents` layers, generalised zones in non-police
 * `risk` layers. The server owns the features whose id starts with `nrz:` / `pz:`; a reconciliation makes a
 * document hold exactly the active zones (idempotent, so it also repairs a document after a restart).
 */
import * as Y from 'yjs';
import type { ZoneView } from '../../../shared/src/events.ts';
import { addFeature, featuresMap, type Geometry, removeFeature, updateFeature } from '../../../shared/src/layerDoc.ts';
import { INCIDENT_TYPE_LABELS } from '../incidents/index.ts';

export const ZONE_FEATURE_PREFIXES = ['nrz:', 'pz:'] as const;
const isZoneId = (id: string) => ZONE_FEATURE_PREFIXES.some((p) => id.startsWith(p));

function title(z: ZoneView): string {
  if (z.generalised) return 'Förhöjd risk (närupprepning)';
  return z.incidentType ? `Närupprepningszon – ${INCIDENT_TYPE_LABELS[z.incidentType].sv.toLowerCase()}` : 'Närupprepningszon (typ ej delad)';
}

function description(z: ZoneView): string {
  const until = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }).format(new Date(z.expiresAt));
  return z.generalised
    ? `Förhöjd risk för nya våldsbrott i området till ${until} (generaliserad till rutnät).`
    : `Förhöjd risk för upprepning till ${until}. Orsak: händelse ${z.incidentId}.`;
}

/** Makes the document's zone features equal to `zones`; returns whether anything changed. */
export function reconcileZoneFeatures(doc: Y.Doc, zones: readonly ZoneView[]): boolean {
  const map = featuresMap(doc);
  const want = new Map(zones.map((z) => [z.id, z]));
  let changed = false;
  for (const id of [...map.keys()]) {
    if (isZoneId(id) && !want.has(id)) {
      removeFeature(doc, id);
      changed = true;
    }
  }
  for (const z of zones) {
    const f = map.get(z.id);
    const geometry = z.geometry as Geometry;
    if (!(f instanceof Y.Map)) {
      addFeature(doc, z.id, geometry, { title: title(z), description: description(z), category: 'risk', symbol: 'near_repeat', validUntil: z.expiresAt, createdBy: 'system', createdAt: z.createdAt });
      changed = true;
    } else if (f.get('validUntil') !== z.expiresAt || JSON.stringify(f.get('geometry')) !== JSON.stringify(geometry)) {
      updateFeature(doc, z.id, { geometry, validUntil: z.expiresAt, description: description(z) });
      changed = true;
    }
  }
  return changed;
}
