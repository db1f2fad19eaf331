/**
 * When the duty officer's browser alerts (opt-in): a shooting or an explosion that is confirmed, inside the
 * picture's area, and not alerted before. Pure, so the rule is tested alone; the hook does the notification.
 */
import type { IncidentView } from '../../../../../shared/src/events.ts';
import { type AnyGeometry, pointInGeometry } from '../../../map/geo.ts';

export const ALERT_TYPES = new Set(['shooting', 'explosion']);

/** Incidents to alert for now, given the ids alerted before; `seen` is updated. */
export function incidentsToAlert(incidents: readonly IncidentView[], area: AnyGeometry | null, seen: Set<string>): IncidentView[] {
  const out: IncidentView[] = [];
  for (const i of incidents) {
    if (seen.has(i.id) || i.status !== 'confirmed' || !ALERT_TYPES.has(i.type)) continue;
    if (area && !(i.location && pointInGeometry(i.location.coordinates, area))) continue;
    seen.add(i.id);
    out.push(i);
  }
  return out;
}
