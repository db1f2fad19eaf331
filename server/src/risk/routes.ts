/**
 * Risk HTTP API: `GET /api/pictures/:id/risk` (zones + tile template), the PNG tiles, and the per-picture
 * near-repeat configuration (`GET`/`PUT /api/pictures/:id/risk/config`).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemsOf } from '../../../shared/src/problems.ts';
import { appError } from '../errors.ts';
import { requirePolice, requireUser } from '../http/guards.ts';
import { NearRepeatConfigInputSchema } from '../nearrepeat/schema.ts';
import type { PictureService } from '../pictures/index.ts';
import { parseStoredSettings, resolveRiskSettings, type RiskSettingsInput } from './pictureRisk.ts';
import { productsFor, type RiskService } from './riskService.ts';
import { randomUUID } from 'node:crypto';
import { boxToWgs, emptyTile, renderTile, validTile } from './tiles.ts';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const TileParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), z: Type.String(), x: Type.String(), y: Type.String() });
const SurfaceQuery = Type.Object({ surface: Type.Optional(Type.Union([Type.Literal('near_repeat'), Type.Literal('combined')])) });

export const RiskConfigSchema = Type.Object(
  {
    ...NearRepeatConfigInputSchema.properties,
    cellSizeM: Type.Optional(Type.Number({ minimum: 5, maximum: 1000, description: 'near-repeat grid cell, metres (default 50)' })),
    partnerCellSizeM: Type.Optional(Type.Number({ minimum: 100, maximum: 10_000, description: 'partner generalisation cell, metres (default 250)' })),
    scaleMax: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'value rendered at full colour (default 2)' })),
  },
  { additionalProperties: false },
);

/**
 * Versions count per process and restart from 1: the ETag names this process's run too, so a tile cached from
 * another server (or before a restart) is never confirmed with 304 for different content.
 */
const RUN = randomUUID().slice(0, 8);

export interface RiskRoutesDeps {
  risk: RiskService;
  pictures: PictureService;
}

export function riskRoutes(deps: RiskRoutesDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { risk, pictures } = deps;
    const { audit } = app.ctx;

    async function readable(user: Parameters<PictureService['readableLayers']>[0], id: string) {
      const picture = await pictures.getPicture(id);
      const layers = picture ? await pictures.readableLayers(user, picture) : [];
      if (!picture || layers.length === 0) throw appError('NOT_FOUND', [`Picture ${id}`]);
      return picture;
    }

    app.get('/api/pictures/:id/risk', { schema: { tags: ['risk'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const picture = await readable(user, req.params.id);
      const audience = await risk.audienceFor(user, picture);
      if (audience === 'none') throw appError('FORBIDDEN');
      const st = await risk.state(picture.id);
      const tiles = `/api/pictures/${encodeURIComponent(picture.id)}/risk/tiles/{z}/{x}/{y}.png`;
      if (!st) return { zones: [], tiles, updatedAt: null, surface: null, generalised: audience !== 'full' };
      // Everything below comes from the products of the viewer's audience only (police or partner, P1).
      const products = productsFor(st, audience);
      const g = products.grid;
      const rtm = audience === 'full' && st.combined !== null;
      return {
        zones: risk.zonesFor(st, audience),
        tiles,
        updatedAt: products.updatedAt.toISOString(),
        version: products.version,
        surface: rtm ? 'combined' : 'near_repeat',
        surfaces: rtm ? ['near_repeat', 'combined'] : ['near_repeat'],
        generalised: audience !== 'full',
        bbox: boxToWgs(g.originX, g.originY - g.rows * g.cellSize, g.originX + g.cols * g.cellSize, g.originY),
        cellSizeM: g.cellSize,
        scaleMax: st.settings.scaleMax,
      };
    });

    app.get('/api/pictures/:id/risk/tiles/:z/:x/:y', { schema: { tags: ['risk'], params: TileParams, querystring: SurfaceQuery } }, async (req, reply) => {
      const user = requireUser(req);
      const z = Number(req.params.z);
      const x = Number(req.params.x);
      const y = Number(req.params.y.replace(/\.png$/, ''));
      if (!/^\d+$/.test(req.params.z) || !/^\d+$/.test(req.params.x) || !/^\d+(\.png)?$/.test(req.params.y) || !validTile(z, x, y)) {
        throw appError('VALIDATION_FAILED', ['a tile is /{z}/{x}/{y}.png with 0 ≤ z ≤ 22 and 0 ≤ x, y < 2^z.']);
      }
      const picture = await readable(user, req.params.id);
      const audience = await risk.audienceFor(user, picture);
      if (audience === 'none') throw appError('FORBIDDEN');
      const st = await risk.state(picture.id);
      // RTM is computed from police data: partners have no combined surface, whether or not one is attached.
      const rtm = audience === 'full' && st?.combined != null;
      const surface = req.query.surface ?? (rtm ? 'combined' : 'near_repeat');
      if (surface === 'combined' && st && !rtm) throw appError('NOT_FOUND', ['The combined surface (no RTM result is attached to this picture)']);
      const etag = `"${RUN}-${st ? risk.versionFor(st, audience) : 0}-${audience}-${surface}"`;
      reply.header('cache-control', 'private, no-cache').header('etag', etag).type('image/png');
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      const source = st ? risk.tileSource(st, surface, audience) : null;
      return reply.send(source ? renderTile(source, z, x, y) : emptyTile());
    });

    app.get('/api/pictures/:id/risk/config', { schema: { tags: ['risk'], params: Id } }, async (req) => {
      const user = requirePolice(req);
      const picture = await readable(user, req.params.id);
      const { input, settings } = parseStoredSettings(picture.riskConfig);
      return { input, resolved: { ...settings.nearRepeat, cellSizeM: settings.cellSizeM, partnerCellSizeM: settings.partnerCellSizeM, scaleMax: settings.scaleMax } };
    });

    app.put('/api/pictures/:id/risk/config', { schema: { tags: ['risk'], params: Id, body: RiskConfigSchema } }, async (req) => {
      const user = requirePolice(req);
      const picture = await readable(user, req.params.id);
      if ((await pictures.pictureRight(user, picture)) !== 'admin') throw appError('FORBIDDEN');
      const input = req.body as RiskSettingsInput;
      let settings: ReturnType<typeof resolveRiskSettings>;
      try {
        settings = resolveRiskSettings(input);
      } catch (e) {
        throw appError('VALIDATION_FAILED', [(problemsOf(e) ?? [(e as Error).message]).join(' ')]);
      }
      // The owner stores it and announces it; this process's risk state is rebuilt before it resolves.
      await pictures.setRiskConfig(picture.id, JSON.stringify(input));
      await audit.record({ actor: user, action: 'picture.risk_config', target: picture.id, outcome: 'success', address: req.ip, detail: { config: input as Record<string, unknown> } });
      return { input, resolved: { ...settings.nearRepeat, cellSizeM: settings.cellSizeM, partnerCellSizeM: settings.partnerCellSizeM, scaleMax: settings.scaleMax } };
    });
  };
}
