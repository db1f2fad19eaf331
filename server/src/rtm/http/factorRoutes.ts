import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DocumentManager } from '../../collab/documents.ts';
import { appError } from '../../errors.ts';
import { GeoPackageError, readGeoPackage } from '../../geo/geopackage.ts';
import { requirePolice } from '../../http/guards.ts';
import { LiveHub } from '../../live/liveHub.ts';
import { layerSummary, type PictureService } from '../../pictures/index.ts';
import { FactorLayers, type FactorFormat } from '../factors/factorLayers.ts';
import { FACTOR_LIMITS, FactorFileError, type FactorRead, readFactorCsv, readFactorFeatures, readFactorGeoJson } from '../factors/read.ts';

/** Factor files are larger than ordinary requests (a city's road network), but bounded. */
const FACTOR_BODY_LIMIT_BYTES = 25 * 1024 * 1024;
/** A GeoPackage is an SQLite file: it travels as bytes, never as text. */
export const GPKG_CONTENT_TYPE = 'application/geopackage+sqlite3';

/** Every feature table of a GeoPackage (already WGS84), checked like any factor file; Swedish sentences. */
function readFactorGeoPackage(body: unknown, table: string | undefined): FactorRead {
  if (!Buffer.isBuffer(body)) throw new FactorFileError([`Skicka GeoPackage-filen som binär data med Content-Type ${GPKG_CONTENT_TYPE}.`]);
  let layers: ReturnType<typeof readGeoPackage>;
  try {
    layers = readGeoPackage(body);
  } catch (e) {
    if (e instanceof GeoPackageError) throw new FactorFileError([`Filen kan inte läsas som GeoPackage (${e.message})`]);
    throw e;
  }
  const chosen = table ? layers.filter((l) => l.name === table || l.title === table) : layers;
  if (table && chosen.length === 0) throw new FactorFileError([`GeoPackage-filen har ingen tabell ${table}; den har ${layers.map((l) => l.name).join(', ') || 'inga objekttabeller'}.`]);
  return readFactorFeatures(
    chosen.flatMap((l) => l.features.features),
    'EPSG:4326',
  );
}

const Import = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('geojson'), Type.Literal('csv'), Type.Literal('gpkg')])),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  fileName: Type.Optional(Type.String({ maxLength: 255 })),
  crs: Type.Optional(Type.Union([Type.Literal('EPSG:4326'), Type.Literal('EPSG:3006')])),
  synthetic: Type.Optional(Type.Boolean()),
  /** GeoPackage: the feature table to import (default: all of them). */
  table: Type.Optional(Type.String({ maxLength: 200 })),
});

export interface FactorRouteDeps {
  pictures: PictureService;
  docs: DocumentManager;
  live: LiveHub;
}

function formatOf(asked: FactorFormat | undefined, contentType: string | undefined, fileName: string | undefined): FactorFormat {
  if (asked) return asked;
  const ext = fileName?.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'gpkg' || contentType?.startsWith(GPKG_CONTENT_TYPE)) return 'gpkg';
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  return contentType?.startsWith('text/csv') ? 'csv' : 'geojson';
}

/**
 * Import of RTM factor files as named factor layers of a picture (`factors/factorLayers.ts` says why they are
 * picture layers), and the list of factor layers a study may use.
 */
export function factorRoutes(deps: FactorRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { pictures, docs, live } = deps;
    const { audit } = app.ctx;
    const factors = new FactorLayers(pictures, docs, app.ctx.orgs);
    if (!app.hasContentTypeParser(GPKG_CONTENT_TYPE))
      app.addContentTypeParser(GPKG_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: FACTOR_BODY_LIMIT_BYTES }, (_req, body, done) => done(null, body));

    app.get('/api/rtm/factors', { schema: { tags: ['rtm'], querystring: Type.Object({ pictureId: Type.Optional(Type.String({ maxLength: 64 })) }) } }, async (req) => {
      const user = requirePolice(req);
      return { items: await factors.list(user, req.query.pictureId ?? null), limits: FACTOR_LIMITS };
    });

    app.post(
      '/api/pictures/:id/rtm/factors',
      { bodyLimit: FACTOR_BODY_LIMIT_BYTES, schema: { tags: ['rtm'], params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), querystring: Import } },
      async (req, reply) => {
        const user = requirePolice(req, 'analyst', 'commander', 'admin');
        const picture = await pictures.getPicture(req.params.id);
        const right = picture ? await pictures.pictureRight(user, picture) : 'none';
        if (!picture || right === 'none') throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
        if (right === 'read') {
          await audit.record({ actor: user, action: 'rtm.factor.import', target: picture.id, outcome: 'denied', address: req.ip });
          throw appError('FORBIDDEN');
        }
        const q = req.query;
        const format = formatOf(q.format, req.headers['content-type'], q.fileName);
        if (req.body === undefined || req.body === null || req.body === '') throw appError('BAD_REQUEST', ['The request body is empty; send the factor file as the body.']);
        let read: FactorRead;
        try {
          read =
            format === 'gpkg'
              ? readFactorGeoPackage(req.body, q.table)
              : format === 'csv'
                ? readFactorCsv(typeof req.body === 'string' ? req.body : JSON.stringify(req.body), q.crs)
                : readFactorGeoJson(req.body, q.crs);
        } catch (e) {
          if (e instanceof FactorFileError) throw appError('UNPROCESSABLE', [e.problems.join(' ')], { problems: e.problems });
          throw e;
        }
        const { features, rejected, rejectedCount, geometryTypes } = read;
        if (features.length === 0) throw appError('UNPROCESSABLE', ['No feature in the file could be imported.'], { problems: ['Inget objekt i filen kunde importeras.'], rejected, rejectedCount });
        const layer = await factors.importInto(user, picture, { name: q.name.trim(), read, format, fileName: q.fileName ?? null, synthetic: q.synthetic ?? false });
        await audit.record({
          actor: user,
          action: 'rtm.factor.import',
          target: layer.id,
          outcome: 'success',
          address: req.ip,
          detail: { pictureId: picture.id, format, fileName: q.fileName, imported: features.length, rejected: rejectedCount, synthetic: q.synthetic ?? false },
        });
        await live.publish(picture.id, async (viewer) => {
          const r = await pictures.rightOn(viewer, layer);
          return r === 'none' ? null : { ...LiveHub.envelope('layer.created', picture.id), layer: layerSummary({ ...layer, right: r }) };
        });
        const [view] = (await factors.list(user, picture.id)).filter((l) => l.id === layer.id);
        return reply.status(201).send({ layer: view, imported: features.length, rejected, rejectedCount, geometryTypes });
      },
    );
  };
}
