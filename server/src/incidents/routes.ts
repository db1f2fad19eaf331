/**
 * Incident HTTP API (api-contract.md): `POST /api/incidents`, `POST /api/incidents/import`,
 * `GET /api/incidents`, `GET /api/incidents/:id`, `POST /api/incidents/:id/retract`, `POST /api/incidents/:id/confirm`,
 * `GET /api/incidents/types`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appError } from '../errors.ts';
import { requirePolice, requireUser } from '../http/guards.ts';
import type { Clock } from '../time/clock.ts';
import { type ImportFormat, inferFormat, parseImport, rejectDuplicates } from './importers.ts';
import { IdParams, ImportQuerySchema, IncidentBodySchema, ListQuerySchema } from './schemas.ts';
import { decodeCursor, type IncidentStore } from './store.ts';
import { INCIDENT_STATUSES, INCIDENT_TYPE_LABELS, INCIDENT_TYPES, INCIDENT_WRITER_ROLES, type IncidentStatus, type IncidentType, isIncidentStatus, isIncidentType, STATUS_LABELS } from './types.ts';
import { type IncidentInput, parseIsoTime, validateIncident } from './validate.ts';
import { incidentOut } from './visibility.ts';

export interface IncidentRoutesDeps {
  store: IncidentStore;
  clock: Clock;
}

/** At most this many ids are listed in one audit record. */
const AUDIT_IDS = 50;

function parseBbox(s: string): [number, number, number, number] {
  const parts = s.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) throw appError('VALIDATION_FAILED', ['bbox must be minLon,minLat,maxLon,maxLat (four numbers).']);
  const [a, b, c, d] = parts;
  if (a < -180 || c > 180 || b < -90 || d > 90 || a > c || b > d) {
    throw appError('VALIDATION_FAILED', ['bbox must be minLon,minLat,maxLon,maxLat in WGS84 with min ≤ max.']);
  }
  return [a, b, c, d];
}

function listParam<T extends string>(s: string | undefined, name: string, ok: (v: string) => v is T, all: readonly string[]): T[] | undefined {
  if (s === undefined || s === '') return undefined;
  const vals = s.split(',').map((v) => v.trim());
  const bad = vals.filter((v) => !ok(v));
  if (bad.length > 0) throw appError('VALIDATION_FAILED', [`${name} must be one or more of ${all.join(', ')} (comma-separated), not ${bad.map((b) => `"${b}"`).join(', ')}.`]);
  return vals as T[];
}

/**
 * The optional `{ reason }` of a confirm or retract, kept in the audit. Read by hand because the body may be
 * absent altogether (older callers post nothing), which a body schema would refuse.
 */
function reasonOf(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw appError('VALIDATION_FAILED', ['the body must be an object { reason? } or empty.']);
  const r = (body as { reason?: unknown }).reason;
  if (r === undefined || r === null) return undefined;
  if (typeof r !== 'string') throw appError('VALIDATION_FAILED', ['reason must be text.']);
  if (r.length > 1000) throw appError('VALIDATION_FAILED', ['reason must be at most 1000 characters.']);
  return r.trim() || undefined;
}

export function incidentRoutes(deps: IncidentRoutesDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { audit } = app.ctx;
    const { store, clock } = deps;

    app.get('/api/incidents/types', { schema: { tags: ['incidents'] } }, async (req) => {
      // Like every API read, only for someone logged in: the catalogue is not for the public.
      requireUser(req);
      return {
        types: INCIDENT_TYPES.map((t) => ({ type: t, label: INCIDENT_TYPE_LABELS[t] })),
        statuses: INCIDENT_STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s] })),
      };
    });

    app.post(
      '/api/incidents',
      {
        schema: { tags: ['incidents'], body: IncidentBodySchema, description: 'Creates or updates (by source + sourceId) one incident or an array of them. 201 when any was created, 200 when all updated.' },
        // The body is validated below, item by item, so every problem is reported as a sentence.
        validatorCompiler: () => () => true,
      },
      async (req, reply) => {
        const user = requirePolice(req, ...INCIDENT_WRITER_ROLES);
        const body = req.body as unknown;
        const items = Array.isArray(body) ? body : [body];
        if (body === undefined || body === null || typeof body !== 'object') throw appError('VALIDATION_FAILED', ['the body must be an incident object or an array of them.']);
        if (items.length === 0) throw appError('VALIDATION_FAILED', ['the array holds no incidents.']);
        if (items.length > 1000) throw appError('VALIDATION_FAILED', ['at most 1000 incidents per request; use POST /api/incidents/import for more.']);
        const now = clock.now();
        const values: IncidentInput[] = [];
        const problems: Array<{ item: number; errors: string[] }> = [];
        const seen = new Map<string, number>();
        items.forEach((raw, i) => {
          const r = validateIncident(raw, now, { strictKeys: true });
          if (r.value) {
            const key = `${r.value.source}\u0000${r.value.sourceId}`;
            const first = seen.get(key);
            if (first !== undefined) r.errors.push(`has the same source and sourceId as item ${first}.`);
            else seen.set(key, i + 1);
          }
          if (r.errors.length > 0 || !r.value) problems.push({ item: i + 1, errors: r.errors });
          else values.push(r.value);
        });
        if (problems.length > 0) {
          const text = problems
            .slice(0, 5)
            .map((p) => (Array.isArray(body) ? `item ${p.item}: ${p.errors.join(' ')}` : p.errors.join(' ')))
            .join(' ');
          throw appError('VALIDATION_FAILED', [text + (problems.length > 5 ? ` (and ${problems.length - 5} more items)` : '')], { rejected: problems });
        }
        const res = await store.upsertMany(values, user.organisationId);
        await audit.record({
          actor: user,
          action: 'incident.upsert',
          target: res.records.length === 1 ? res.records[0].id : null,
          outcome: 'success',
          address: req.ip,
          detail: { created: res.created, updated: res.updated, ids: res.records.slice(0, AUDIT_IDS).map((r) => r.id) },
        });
        reply.status(res.created > 0 ? 201 : 200);
        return { items: res.records.map((r) => incidentOut(r, 'police')) };
      },
    );

    app.post(
      '/api/incidents/import',
      { schema: { tags: ['incidents'], querystring: ImportQuerySchema, description: 'CSV, GeoJSON or the police events feed as the raw body. Validates every row first; imports the valid rows, or with atomic=true nothing when any row is rejected (422).' } },
      async (req, reply) => {
        const user = requirePolice(req, ...INCIDENT_WRITER_ROLES);
        const body = req.body as unknown;
        if (body === undefined || body === null || body === '') throw appError('BAD_REQUEST', ['The request has no body; send the file as the raw body.']);
        const format: ImportFormat | null = req.query.format ?? inferFormat(req.headers['content-type'], body);
        if (!format) throw appError('VALIDATION_FAILED', ['format is required: csv, geojson or polisen.']);
        const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (format === 'csv' && !['text/csv', 'text/plain', 'application/octet-stream'].includes(ct)) {
          throw appError('UNSUPPORTED_MEDIA_TYPE', [`format=csv takes text/csv (or text/plain), not ${ct || 'no content type'}.`]);
        }
        if (format !== 'csv' && !['application/json', 'application/geo+json', 'text/plain', 'application/octet-stream'].includes(ct)) {
          throw appError('UNSUPPORTED_MEDIA_TYPE', [`format=${format} takes application/json or application/geo+json, not ${ct || 'no content type'}.`]);
        }
        const now = clock.now();
        const { candidates, warnings } = parseImport(format, body, now);
        rejectDuplicates(candidates);
        const rejected = candidates.filter((c) => !c.value || c.errors.length > 0).map((c) => ({ row: c.row, errors: c.errors }));
        const valid = candidates.filter((c) => c.value && c.errors.length === 0).map((c) => c.value!);
        const atomic = req.query.atomic === true;
        if (atomic && rejected.length > 0) {
          await audit.record({ actor: user, action: 'incident.import', outcome: 'failure', address: req.ip, detail: { format, atomic, rows: candidates.length, rejected: rejected.length } });
          reply.status(422);
          return { imported: 0, updated: 0, rejected, ...(warnings.length ? { warnings } : {}) };
        }
        const res = valid.length > 0 ? await store.upsertMany(valid, user.organisationId) : { changes: [], records: [], created: 0, updated: 0 };
        await audit.record({
          actor: user,
          action: 'incident.import',
          outcome: 'success',
          address: req.ip,
          detail: { format, atomic, rows: candidates.length, imported: res.created, updated: res.updated, rejected: rejected.length },
        });
        return { imported: res.created, updated: res.updated, rejected, ...(warnings.length ? { warnings } : {}) };
      },
    );

    app.get('/api/incidents', { schema: { tags: ['incidents'], querystring: ListQuerySchema } }, async (req) => {
      const user = requireUser(req);
      const q = req.query;
      const audience = user.isPolice ? 'police' : 'partner';
      const time = (s: string | undefined, name: string) => {
        if (s === undefined || s === '') return undefined;
        const t = parseIsoTime(s);
        if (t === null) throw appError('VALIDATION_FAILED', [`${name} must be an ISO 8601 date or date-time, not "${s}".`]);
        return new Date(t);
      };
      const from = time(q.from, 'from');
      const to = time(q.to, 'to');
      if (from && to && from > to) throw appError('VALIDATION_FAILED', ['from must not be after to.']);
      let cursor: { t: number; id: string } | { id: string } | undefined;
      if (q.cursor) {
        const c = decodeCursor(q.cursor);
        if (!c) throw appError('VALIDATION_FAILED', ['cursor is not one this API gave out; use nextCursor from the previous page.']);
        cursor = c;
      }
      const page = await store.list(
        {
          bbox: q.bbox ? parseBbox(q.bbox) : undefined,
          from,
          to,
          types: listParam<IncidentType>(q.type, 'type', isIncidentType, INCIDENT_TYPES),
          statuses: listParam<IncidentStatus>(q.status, 'status', isIncidentStatus, INCIDENT_STATUSES),
          limit: q.limit ?? 100,
          cursor,
        },
        audience,
      );
      return { items: page.items.map((r) => incidentOut(r, audience)), nextCursor: page.nextCursor };
    });

    app.get('/api/incidents/:id', { schema: { tags: ['incidents'], params: IdParams } }, async (req) => {
      const user = requireUser(req);
      // Partners get an incident only from a group released to them, as in the list.
      const rec = user.isPolice ? await store.get(req.params.id) : await store.getForPartner(req.params.id);
      const out = rec ? incidentOut(rec, user.isPolice ? 'police' : 'partner') : null;
      if (!out) throw appError('NOT_FOUND', [`Incident ${req.params.id}`]);
      return out;
    });

    app.post(
      '/api/incidents/:id/retract',
      { schema: { tags: ['incidents'], params: IdParams, description: 'Retracts an incident: it stops feeding every risk surface and zone at once. An optional reason is audited.' } },
      async (req) => {
        const user = requirePolice(req, ...INCIDENT_WRITER_ROLES);
        const reason = reasonOf(req.body);
        const { change, record } = await store.retract(req.params.id);
        await audit.record({ actor: user, action: 'incident.retract', target: record.id, outcome: 'success', address: req.ip, detail: { alreadyRetracted: change === null, reason } });
        return incidentOut(record, 'police');
      },
    );

    app.post(
      '/api/incidents/:id/confirm',
      { schema: { tags: ['incidents'], params: IdParams, description: 'Confirms an incident: from now on it feeds risk surfaces and near-repeat zones. An optional reason is audited.' } },
      async (req) => {
        const user = requirePolice(req, ...INCIDENT_WRITER_ROLES);
        const reason = reasonOf(req.body);
        const { change, record } = await store.confirm(req.params.id);
        await audit.record({ actor: user, action: 'incident.confirm', target: record.id, outcome: 'success', address: req.ip, detail: { alreadyConfirmed: change === null, reason, from: change?.before?.status } });
        return incidentOut(record, 'police');
      },
    );
  };
}
