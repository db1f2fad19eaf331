/** Request schemas of the pictures and layers routes. */
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../../shared/src/roles.ts';

export const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const Level = Type.Union([Type.Literal('national'), Type.Literal('regional'), Type.Literal('local')]);
export const ClassificationT = Type.Union([Type.Literal('police_internal'), Type.Literal('partner'), Type.Literal('public')]);
export const Kind = Type.Union(['annotations', 'incidents', 'risk', 'measures', 'reference', 'public'].map((k) => Type.Literal(k)));
export const Polygonal = Type.Object({
  type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
  coordinates: Type.Array(Type.Any(), { minItems: 1 }),
});
export const Entry = Type.Object({
  subject: Type.Union([
    Type.Object({ type: Type.Literal('organisation'), id: Type.String({ minLength: 1 }), includeSubtree: Type.Boolean() }),
    Type.Object({ type: Type.Literal('role'), role: Type.Union(ROLES.map((r) => Type.Literal(r))) }),
  ]),
  right: Type.Union([Type.Literal('read'), Type.Literal('write')]),
});
export const Entries = Type.Object({ entries: Type.Array(Entry, { maxItems: 200 }) });
export const CreatePicture = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  level: Level,
  area: Type.Optional(Polygonal),
  areaCode: Type.Optional(Type.String({ maxLength: 64 })),
  /**
   * Default layers: a police-internal working layer, an incidents layer and a partner-classified "Samverkan"
   * layer that no partner can read until someone shares it (PUT /api/layers/:id/access).
   */
  withDefaultLayers: Type.Boolean({ default: true }),
});
export const CreateLayer = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  classification: ClassificationT,
  entries: Type.Optional(Type.Array(Entry, { maxItems: 200 })),
});
export const RenameLayer = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
