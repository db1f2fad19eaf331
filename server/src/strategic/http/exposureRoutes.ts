/** Crime exposure of an area: counts and rates per 10 000 residents by type and period. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appError } from '../../errors.ts';
import type { Period } from '../crimeExposure.ts';
import { CodeParams, mapErrors, type StrategicRouteDeps, viewerOf } from './common.ts';

const ExposureQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601; default 1 January three years before `to`.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601, exclusive; default now.' })),
  period: Type.Union([Type.Literal('year'), Type.Literal('total')], { default: 'year' }),
});

function fmtPeriods(from: Date, to: Date, period: 'year' | 'total'): Period[] {
  if (period === 'total') return [{ id: `${from.toISOString()}/${to.toISOString()}`, from, to }];
  const out: Period[] = [];
  const y0 = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(from));
  const y1 = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(new Date(to.getTime() - 1)));
  for (let y = y0; y <= y1; y++) {
    const a = new Date(`${y}-01-01T00:00:00+01:00`);
    const b = new Date(`${y + 1}-01-01T00:00:00+01:00`);
    out.push({ id: String(y), from: a > from ? a : from, to: b < to ? b : to });
  }
  return out;
}

export function exposureRoutes({ access, incidents }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/areas/:code/exposure', { schema: { tags: ['strategic'], params: CodeParams, querystring: ExposureQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        const a = await access.visibleArea(viewer, req.params.code);
        const to = req.query.to ? new Date(req.query.to) : new Date();
        const from = req.query.from ? new Date(req.query.from) : new Date(`${to.getUTCFullYear() - 3}-01-01T00:00:00+01:00`);
        if (!(from < to)) throw appError('VALIDATION_FAILED', ['from must be before to']);
        if (to.getTime() - from.getTime() > 30 * 366 * 86_400_000) throw appError('VALIDATION_FAILED', ['the period may span at most 30 years']);
        const rows = await incidents.exposure(viewer, a, fmtPeriods(from, to, req.query.period));
        return {
          code: a.code,
          name: a.name,
          level: a.level,
          from: from.toISOString(),
          to: to.toISOString(),
          per: 10_000,
          population: viewer.audience === 'police' ? a.population : access.guardValue(viewer, a.population ?? 0, a).value,
          note: 'Bekräftade händelser. Polisens publicerade händelser är ett urval, inte fullständig brottsstatistik. / Confirmed incidents; the police events feed is a selection, not complete crime statistics.',
          items: rows.map(({ areaCode: _a, population: _p, ...r }) => r),
        };
      }),
    );
  };
}
