/**
 * `POST /api/incidents/knox`: the Knox near-repeat test (spec rtm-method.md §3.1–3.4) over a selection of stored
 * incidents. Police roles only. Area-centroid locations are left out (a municipality centroid is no place).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appError } from '../errors.ts';
import { requirePolice } from '../http/guards.ts';
import { KnoxInputError, knoxEventsFromIncidents, knoxTest } from '../nearrepeat/knox.ts';
import { KnoxOptionsSchema } from '../nearrepeat/schema.ts';
import type { IncidentStore } from './store.ts';
import { INCIDENT_STATUSES, INCIDENT_TYPES, INCIDENT_WRITER_ROLES } from './types.ts';
import { parseIsoTime } from './validate.ts';

/** Most incidents one analysis takes (the Knox core handles 12 000 × 999 permutations in a few seconds). */
export const MAX_KNOX_INCIDENTS = 20_000;

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export const KnoxRequestSchema = Type.Object(
  {
    ...KnoxOptionsSchema.properties,
    selection: Type.Optional(
      Type.Object(
        {
          bbox: Type.Optional(Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[minLon, minLat, maxLon, maxLat]' })),
          from: Type.Optional(Type.String()),
          to: Type.Optional(Type.String()),
          types: Type.Optional(Type.Array(lit(INCIDENT_TYPES), { minItems: 1 })),
          statuses: Type.Optional(Type.Array(lit(INCIDENT_STATUSES), { minItems: 1, description: 'default: confirmed' })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Reduce times to calendar dates in Swedish local time (as the NRC and date-only CSVs do). @defaultValue true */
    wholeDays: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export function knoxRoutes(store: IncidentStore): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/api/incidents/knox', { schema: { tags: ['incidents'], body: KnoxRequestSchema } }, async (req) => {
      const user = requirePolice(req, ...INCIDENT_WRITER_ROLES);
      const b = req.body;
      const sel = b.selection ?? {};
      const time = (s: string | undefined, name: string) => {
        if (s === undefined) return undefined;
        const t = parseIsoTime(s);
        if (t === null) throw appError('VALIDATION_FAILED', [`selection.${name} must be an ISO 8601 date or date-time.`]);
        return new Date(t);
      };
      const records = (
        await store.select(
          {
            bbox: sel.bbox as [number, number, number, number] | undefined,
            from: time(sel.from, 'from'),
            to: time(sel.to, 'to'),
            types: sel.types,
            statuses: sel.statuses ?? ['confirmed'],
          },
          MAX_KNOX_INCIDENTS,
        )
      ).filter((r) => r.locationPrecision !== 'area');
      if (records.length > MAX_KNOX_INCIDENTS) throw appError('UNPROCESSABLE', [`The selection holds more than ${MAX_KNOX_INCIDENTS} incidents; narrow it (bbox, from/to, types).`]);
      const events = knoxEventsFromIncidents(
        records.map((r) => ({ x: r.x, y: r.y, occurredAt: r.occurredAt.getTime() })),
        { wholeDays: b.wholeDays === false ? false : 'Europe/Stockholm' },
      );
      try {
        const result = knoxTest(events, {
          spatialBreaks: b.sds,
          temporalBreaks: b.tds,
          method: b.method,
          permutations: b.permutations,
          seed: b.seed,
          nrcCompat: b.nrcCompat,
        });
        await app.ctx.audit.record({ actor: user, action: 'incident.knox', outcome: 'success', address: req.ip, detail: { incidents: records.length } });
        return { incidents: records.length, result };
      } catch (e) {
        if (e instanceof KnoxInputError) throw appError('UNPROCESSABLE', [e.problems.join(' ')]);
        throw e;
      }
    });
  };
}
