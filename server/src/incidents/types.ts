/**
 * The incident vocabulary of the API contract, with Swedish labels first and English second. The web client
 * keeps its own catalogue; this one serves the API (OpenAPI descriptions, `typeLabel` in responses) and imports.
 */
import { INCIDENT_TYPES, type IncidentStatus, type IncidentType } from '../../../shared/src/events.ts';

export type { IncidentStatus, IncidentType };
export { INCIDENT_TYPES };

/** Labels per type: `sv` first, `en` second. */
export const INCIDENT_TYPE_LABELS: Readonly<Record<IncidentType, { sv: string; en: string }>> = Object.freeze({
  shooting: { sv: 'Skottlossning', en: 'Shooting' },
  explosion: { sv: 'Sprängning/detonation', en: 'Explosion' },
  threat_emergency_personnel: {
    sv: 'Hot eller våld mot blåljuspersonal eller myndighetsföreträdare',
    en: 'Threat or violence against emergency personnel or officials',
  },
  attack_municipal: { sv: 'Angrepp mot kommunal verksamhet eller lokal', en: 'Attack on municipal operations or premises' },
  threat_witness: { sv: 'Hot eller våld mot vittne', en: 'Threat or violence against a witness' },
  homicide: { sv: 'Mord/dråp', en: 'Homicide' },
  arson: { sv: 'Anlagd brand', en: 'Arson' },
  other: { sv: 'Övrigt', en: 'Other' },
});

export const INCIDENT_STATUSES = ['unconfirmed', 'confirmed', 'retracted'] as const satisfies readonly IncidentStatus[];
export const STATUS_LABELS: Readonly<Record<IncidentStatus, { sv: string; en: string }>> = Object.freeze({
  unconfirmed: { sv: 'Obekräftad', en: 'Unconfirmed' },
  confirmed: { sv: 'Bekräftad', en: 'Confirmed' },
  retracted: { sv: 'Återkallad', en: 'Retracted' },
});

export const CLASSIFICATIONS = ['police_internal', 'partner', 'public'] as const;
export type IncidentClassification = (typeof CLASSIFICATIONS)[number];

export const LOCATION_PRECISIONS = ['exact', 'street', 'area'] as const;
export type LocationPrecision = (typeof LOCATION_PRECISIONS)[number];
export const PRECISION_LABELS: Readonly<Record<LocationPrecision, { sv: string; en: string }>> = Object.freeze({
  exact: { sv: 'Exakt plats', en: 'Exact location' },
  street: { sv: 'Gata', en: 'Street' },
  area: { sv: 'Områdets mittpunkt', en: 'Area centroid' },
});

/** Police roles allowed to write incidents. */
export const INCIDENT_WRITER_ROLES = ['admin', 'commander', 'analyst', 'duty_officer'] as const;

export function isIncidentType(v: unknown): v is IncidentType {
  return typeof v === 'string' && (INCIDENT_TYPES as readonly string[]).includes(v);
}
export function isIncidentStatus(v: unknown): v is IncidentStatus {
  return typeof v === 'string' && (INCIDENT_STATUSES as readonly string[]).includes(v);
}
export function isClassification(v: unknown): v is IncidentClassification {
  return typeof v === 'string' && (CLASSIFICATIONS as readonly string[]).includes(v);
}
export function isPrecision(v: unknown): v is LocationPrecision {
  return typeof v === 'string' && (LOCATION_PRECISIONS as readonly string[]).includes(v);
}

/**
 * A stored incident, as the server handles it (a Prisma `Incident` row). Times are Dates; x/y EPSG:3006.
 */
export interface IncidentRecord {
  id: string;
  source: string;
  sourceId: string;
  type: IncidentType;
  occurredAt: Date;
  reportedAt: Date;
  x: number;
  y: number;
  lon: number;
  lat: number;
  locationPrecision: LocationPrecision;
  status: IncidentStatus;
  severity: number | null;
  description: string | null;
  classification: IncidentClassification;
  ownerOrgId: string | null;
  areaCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Narrows a Prisma row (string columns) to an {@link IncidentRecord}; unknown values fall back safely. */
export function recordFromRow(r: {
  id: string;
  source: string;
  sourceId: string;
  type: string;
  occurredAt: Date;
  reportedAt: Date;
  x: number;
  y: number;
  lon: number;
  lat: number;
  locationPrecision: string;
  status: string;
  severity: number | null;
  description: string | null;
  classification: string;
  ownerOrgId: string | null;
  areaCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}): IncidentRecord {
  return {
    ...r,
    type: isIncidentType(r.type) ? r.type : 'other',
    status: isIncidentStatus(r.status) ? r.status : 'unconfirmed',
    // Unknown classification is treated as the most restrictive.
    classification: isClassification(r.classification) ? r.classification : 'police_internal',
    locationPrecision: isPrecision(r.locationPrecision) ? r.locationPrecision : 'exact',
  };
}
