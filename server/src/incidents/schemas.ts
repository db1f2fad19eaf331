/** TypeBox schemas of the incident API (OpenAPI documentation and query validation). */
import { Type } from '@sinclair/typebox';
import { CLASSIFICATIONS, INCIDENT_STATUSES, INCIDENT_TYPE_LABELS, INCIDENT_TYPES, LOCATION_PRECISIONS } from './types.ts';

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export const IncidentTypeSchema = lit(INCIDENT_TYPES);

export const LocationSchema = Type.Union([
  Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 3, description: '[lon, lat] WGS84' }) }),
  Type.Object({ x: Type.Number(), y: Type.Number(), crs: Type.Literal('EPSG:3006') }),
]);

export const IncidentInputSchema = Type.Object(
  {
    source: Type.String({ minLength: 1, maxLength: 100 }),
    sourceId: Type.String({ minLength: 1, maxLength: 200 }),
    type: IncidentTypeSchema,
    occurredAt: Type.String({ description: 'ISO 8601 with offset, e.g. 2026-11-20T21:15:00+01:00' }),
    location: LocationSchema,
    status: Type.Optional(lit(INCIDENT_STATUSES)),
    severity: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 10 }), Type.Null()])),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
    classification: Type.Optional(lit(CLASSIFICATIONS)),
    locationPrecision: Type.Optional(lit(LOCATION_PRECISIONS)),
    areaCode: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  },
  {
    description: `Types: ${INCIDENT_TYPES.map((t) => `${t} (${INCIDENT_TYPE_LABELS[t].sv} / ${INCIDENT_TYPE_LABELS[t].en})`).join('; ')}. On update, omitted optional fields keep their stored values.`,
  },
);

export const IncidentBodySchema = Type.Union([IncidentInputSchema, Type.Array(IncidentInputSchema, { minItems: 1, maxItems: 1000 })]);

export const ListQuerySchema = Type.Object({
  bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat (WGS84)' })),
  from: Type.Optional(Type.String({ description: 'occurredAt ≥ from (ISO 8601)' })),
  to: Type.Optional(Type.String({ description: 'occurredAt ≤ to (ISO 8601)' })),
  type: Type.Optional(Type.String({ description: 'one type or a comma-separated list' })),
  status: Type.Optional(Type.String({ description: 'one status or a comma-separated list' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const ImportQuerySchema = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('geojson'), Type.Literal('polisen')])),
  atomic: Type.Optional(Type.Boolean({ default: false })),
});

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
