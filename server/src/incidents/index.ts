/**
 * The incidents capability's public interface: what other capabilities may import (the store is the one way to
 * the Incident table; records, visibility rules and labels are shared with risk). The police-feed importer
 * (polisenFeed.ts, polisenSeed.ts) is also offered to strategic. Everything else is internal.
 */
export { type AreaIncident, type AreaIncidentQuery, type IncidentChange, IncidentStore } from './store.ts';
export { INCIDENT_TYPE_LABELS, type IncidentRecord } from './types.ts';
export { LIMITS } from './validate.ts';
export { type IncidentAudience, incidentView, PARTNER_GRID_M, partnerLocation, partnerMaySee, partnerOccurredAt } from './visibility.ts';
