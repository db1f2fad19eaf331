import type { ZoneView } from '../../../../../shared/src/events.ts';
import type { MessageKey } from '../../../i18n/sv.ts';
import { INCIDENT_TYPE_KEYS } from '../IncidentFeed.tsx';

/** "Zon – skottlossning"; a zone whose type is not shared says so instead of naming a type ("Zon efter Övrigt"). */
export function zoneTitle(z: Pick<ZoneView, 'incidentType'>, t: (k: MessageKey, p?: Record<string, string | number>) => string): string {
  if (!z.incidentType || !INCIDENT_TYPE_KEYS[z.incidentType]) return t('zone.typeNotShared');
  return t('zone.title', { type: t(INCIDENT_TYPE_KEYS[z.incidentType]).toLocaleLowerCase('sv') });
}
