/**
 * The public API (api-contract.md "Public view"): no session, public content only (it is built on PublicReader
 * alone), every answer cacheable. Extra fields beside the contract's: `lastUpdated` and `source`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { appError } from '../errors.ts';
import { type PublicAnswerCache, sendCacheable } from './cache.ts';
import type { PublicReader } from './reader.ts';
import { monthKey, monthsBetween, parseMonth, stockholmMonthStart, suppressedCells } from './statistics.ts';

/** The attribution every public answer carries (and the page shows). */
export const PUBLIC_SOURCE = 'Källa: Polismyndigheten (innehåll som polisen och samverkansparterna publicerat). Kommungränser: SCB.';

const MUNICIPALITY = /^\d{4}$/;
/** The longest statistics period one query may ask for (months): ten years. */
const MAX_MONTHS = 120;

function municipalityOf(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined || value === '') {
    if (required) throw appError('BAD_REQUEST', ['municipality is required: a four-digit SCB municipality code, e.g. 1280 for Malmö.']);
    return undefined;
  }
  if (!MUNICIPALITY.test(value)) throw appError('BAD_REQUEST', [`municipality must be a four-digit SCB municipality code (e.g. 1280 for Malmö), not "${value.slice(0, 20)}".`]);
  return value;
}

const latestOf = (dates: Iterable<string>) => {
  let out: string | null = null;
  for (const d of dates) if (d && (!out || d > out)) out = d;
  return out;
};

/** The statistics period: whole months; default the twelve months up to and including the current one. */
export function statisticsPeriod(fromRaw: string | undefined, toRaw: string | undefined, now: Date) {
  const nowMonth: [number, number] = [now.getUTCFullYear(), now.getUTCMonth() + 1];
  const to = toRaw ? parseMonth(toRaw) : nowMonth;
  if (!to) throw appError('BAD_REQUEST', [`to must be a month (YYYY-MM) or a date (YYYY-MM-DD), not "${toRaw!.slice(0, 20)}".`]);
  const from = fromRaw ? parseMonth(fromRaw) : ([to[1] === 12 ? to[0] : to[0] - 1, (to[1] % 12) + 1] as [number, number]);
  if (!from) throw appError('BAD_REQUEST', [`from must be a month (YYYY-MM) or a date (YYYY-MM-DD), not "${fromRaw!.slice(0, 20)}".`]);
  const months = monthsBetween(from, to);
  if (months.length === 0) throw appError('BAD_REQUEST', ['from must not be after to.']);
  if (months.length > MAX_MONTHS) throw appError('BAD_REQUEST', [`The period may be at most ${MAX_MONTHS} months.`]);
  const after: [number, number] = to[1] === 12 ? [to[0] + 1, 1] : [to[0], to[1] + 1];
  return { months, fromInstant: stockholmMonthStart(...from), toInstant: stockholmMonthStart(...after), from: monthKey(...from), to: monthKey(...to) };
}

export function publicRoutes(reader: PublicReader, cache: PublicAnswerCache, deps: { municipalities: () => Promise<Array<{ code: string; name: string }>>; boundary: (code: string) => Promise<unknown | null>; now?: () => Date }): FastifyPluginAsyncTypebox {
  const now = deps.now ?? (() => new Date());
  return async (app) => {
    const opts = { schema: { tags: ['public'], security: [] } };

    app.get('/api/public/municipalities', opts, async (req, reply) => {
      const entry = await cache.get('municipalities', async () => {
        const withContent = new Set((await reader.pictures()).map((p) => p.areaCode?.slice(0, 4)));
        const items = (await deps.municipalities()).map((m) => ({ ...m, hasContent: withContent.has(m.code) }));
        return { items, source: 'Källa: SCB (kommunkoder).' };
      });
      return sendCacheable(req, reply, entry);
    });

    app.get('/api/public/municipalities/:code', { schema: { ...opts.schema, params: Type.Object({ code: Type.String() }) } }, async (req, reply) => {
      const code = municipalityOf(req.params.code, true)!;
      const entry = await cache.get(`municipality|${code}`, async () => {
        const m = (await deps.municipalities()).find((x) => x.code === code);
        return m ? { ...m, boundary: await deps.boundary(code), source: 'Kommungräns: SCB (generaliserad).' } : null;
      });
      if (entry.body === 'null') throw appError('NOT_FOUND', [`Municipality ${code}`]);
      return sendCacheable(req, reply, entry);
    });

    app.get('/api/public/pictures', { schema: { ...opts.schema, querystring: Type.Object({ municipality: Type.Optional(Type.String()) }) } }, async (req, reply) => {
      const municipality = municipalityOf(req.query.municipality, false);
      const entry = await cache.get(`pictures|${municipality ?? ''}`, async () => {
        const items = await reader.pictures(municipality);
        return { items, lastUpdated: latestOf(items.map((p) => p.updatedAt)), source: PUBLIC_SOURCE };
      });
      return sendCacheable(req, reply, entry);
    });

    app.get('/api/public/pictures/:id', { schema: { ...opts.schema, params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }) } }, async (req, reply) => {
      const entry = await cache.get(`picture|${req.params.id}`, async () => {
        const found = await reader.picture(req.params.id);
        if (!found) return null;
        const { summary, layers } = found;
        return {
          id: summary.id,
          title: summary.title,
          area: summary.area,
          areaCode: summary.areaCode,
          layers: layers.map((l) => ({ id: l.id, name: l.name, updatedAt: l.updatedAt, features: l.features })),
          lastUpdated: summary.updatedAt,
          source: PUBLIC_SOURCE,
        };
      });
      // A picture without public layers does not exist for the public, whatever else it holds.
      if (entry.body === 'null') throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
      return sendCacheable(req, reply, entry);
    });

    app.get('/api/public/measures', { schema: { ...opts.schema, querystring: Type.Object({ municipality: Type.Optional(Type.String()) }) } }, async (req, reply) => {
      const municipality = municipalityOf(req.query.municipality, true)!;
      const entry = await cache.get(`measures|${municipality}`, async () => {
        const items = await reader.measures(municipality);
        return { items, lastUpdated: latestOf(items.map((m) => m.updatedAt)), source: PUBLIC_SOURCE };
      });
      return sendCacheable(req, reply, entry);
    });

    app.get(
      '/api/public/statistics',
      { schema: { ...opts.schema, querystring: Type.Object({ municipality: Type.Optional(Type.String()), from: Type.Optional(Type.String()), to: Type.Optional(Type.String()) }) } },
      async (req, reply) => {
        const municipality = municipalityOf(req.query.municipality, true)!;
        const period = statisticsPeriod(req.query.from, req.query.to, now());
        const entry = await cache.get(`statistics|${municipality}|${period.from}|${period.to}`, async () => {
          const { cells, lastUpdated } = await reader.monthlyCounts({ municipality, from: period.fromInstant, to: period.toInstant });
          return {
            items: suppressedCells(period.months, cells),
            from: period.from,
            to: period.to,
            suppression: 'Antal 1–4 visas inte (null, suppressed: true). Inga summor publiceras.',
            lastUpdated: lastUpdated?.toISOString() ?? null,
            source: 'Källa: Polismyndigheten (bekräftade händelser som polisen klassat som offentliga).',
          };
        });
        return sendCacheable(req, reply, entry);
      },
    );
  };
}
