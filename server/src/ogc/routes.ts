/**
 * OGC API – Features, Part 1: Core with GeoJSON, at /ogc (conformance classes in CONFORMANCE). Collections are
 * layers: without a token the public ones, with `Authorization: Bearer <session token>` exactly those the caller
 * may read. Links are absolute (GDAL 3.6 does not resolve root-relative ones), from PUBLIC_BASE_URL or the
 * request's protocol and host (which honour TRUST_PROXY like the rest of the app).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../http/guards.ts';
import { extentOf, type OgcFeature, OgcQueryError, parseItemsQuery, selectItems } from './items.ts';
import type { AnonymousLayers, OgcLayer, OgcViewer, SignedInLayers } from './sources.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];

const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** Who the caller is: null for anonymous; throws 401 for a token that is not (or no longer) a session. */
export type ResolveViewer = (token: string) => Promise<OgcViewer | undefined>;

export interface OgcDeps {
  anonymous: AnonymousLayers;
  signedIn: SignedInLayers;
  resolveViewer: ResolveViewer;
  /** Audits a partner's read (police reads are not read-audited, as on every channel). */
  recordRead(viewer: OgcViewer, req: FastifyRequest, status: number): void;
  publicBaseUrl: string | undefined;
}

class OgcError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function baseUrl(req: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${req.protocol}://${req.host}`;
}

/** The API's routes; register with `{ prefix: '/ogc' }` (its error and not-found answers are OGC exceptions). */
export function ogcRoutes(deps: OgcDeps) {
  return async (app: FastifyInstance) => {
    const viewers = new WeakMap<FastifyRequest, OgcViewer>();

    app.addHook('onRequest', async (req) => {
      const token = bearerToken(req);
      if (!token) return;
      const viewer = await deps.resolveViewer(token);
      if (!viewer) throw new OgcError(401, 'Unauthorized', 'The Bearer token is not a valid session (expired, revoked or unknown). Sign in again, or send no token for the public layers.');
      viewers.set(req, viewer);
    });
    app.addHook('onResponse', async (req, reply) => {
      const viewer = viewers.get(req);
      if (viewer && !viewer.isPolice) deps.recordRead(viewer, req, reply.statusCode);
    });
    app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
      if (err instanceof OgcError) return reply.code(err.status).type(JSON_TYPE).send({ code: err.code, description: err.message });
      if (err instanceof OgcQueryError) return reply.code(400).type(JSON_TYPE).send({ code: 'InvalidParameterValue', description: err.message });
      if (err.statusCode && err.statusCode < 500) return reply.code(err.statusCode).type(JSON_TYPE).send({ code: 'InvalidRequest', description: err.message });
      reply.log.error({ err }, 'ogc request failed');
      return reply.code(500).type(JSON_TYPE).send({ code: 'ServerError', description: 'The server could not answer.' });
    });
    app.setNotFoundHandler((req, reply) => reply.code(404).type(JSON_TYPE).send({ code: 'NotFound', description: `${req.url.split('?')[0]} is not a resource of this API.` }));

    /** Only JSON encodings exist; `f=json` (or geojson) is accepted for clients that ask explicitly. */
    function checkFormat(req: FastifyRequest) {
      const f = (req.query as Record<string, string | undefined>).f;
      if (f !== undefined && f !== 'json' && f !== 'geojson') throw new OgcError(400, 'InvalidParameterValue', `f must be json (this API offers JSON and GeoJSON only), not "${f.slice(0, 20)}".`);
    }

    async function layersFor(req: FastifyRequest): Promise<OgcLayer[]> {
      const viewer = viewers.get(req);
      return viewer ? deps.signedIn.layers(viewer) : deps.anonymous.layers();
    }

    async function layerFor(req: FastifyRequest, id: string): Promise<OgcLayer> {
      const viewer = viewers.get(req);
      const layer = viewer ? await deps.signedIn.layer(viewer, id) : (await deps.anonymous.layers()).find((l) => l.id === id);
      // A layer the caller may not read does not exist for the caller.
      if (!layer) throw new OgcError(404, 'NotFound', `Collection ${id} was not found.`);
      return layer;
    }

    function send(reply: FastifyReply, type: string, body: unknown) {
      // Anonymous or not, answers differ per caller: no shared caching.
      return reply.header('cache-control', 'no-store').header('vary', 'Authorization').type(type).send(body);
    }

    function collectionOut(base: string, l: OgcLayer) {
      const extent = extentOf(l.features);
      return {
        id: l.id,
        title: l.title,
        description: l.description,
        itemType: 'feature',
        crs: [CRS84],
        ...(extent ? { extent: { spatial: { bbox: [extent], crs: CRS84 } } } : {}),
        links: [
          { href: `${base}/ogc/collections/${encodeURIComponent(l.id)}`, rel: 'self', type: JSON_TYPE, title: 'This collection' },
          { href: `${base}/ogc/collections/${encodeURIComponent(l.id)}/items`, rel: 'items', type: GEOJSON_TYPE, title: 'Its features' },
        ],
      };
    }

    app.get('/', async (req, reply) => {
      checkFormat(req);
      const base = baseUrl(req, deps.publicBaseUrl);
      return send(reply, JSON_TYPE, {
        title: 'Lägesbild – OGC API Features',
        description: 'Lager ur Lägesbild: utan inloggning de offentliga, med Bearer-token de lager användaren får läsa.',
        links: [
          { href: `${base}/ogc`, rel: 'self', type: JSON_TYPE, title: 'This document' },
          { href: `${base}/ogc/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
          { href: `${base}/ogc/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
        ],
      });
    });

    app.get('/conformance', async (req, reply) => {
      checkFormat(req);
      return send(reply, JSON_TYPE, { conformsTo: CONFORMANCE });
    });

    app.get('/collections', async (req, reply) => {
      checkFormat(req);
      const base = baseUrl(req, deps.publicBaseUrl);
      const layers = await layersFor(req);
      return send(reply, JSON_TYPE, {
        links: [{ href: `${base}/ogc/collections`, rel: 'self', type: JSON_TYPE, title: 'Collections' }],
        collections: layers.map((l) => collectionOut(base, l)),
      });
    });

    app.get('/collections/:collectionId', async (req, reply) => {
      checkFormat(req);
      const { collectionId } = req.params as { collectionId: string };
      return send(reply, JSON_TYPE, collectionOut(baseUrl(req, deps.publicBaseUrl), await layerFor(req, collectionId)));
    });

    app.get('/collections/:collectionId/items', async (req, reply) => {
      checkFormat(req);
      const { collectionId } = req.params as { collectionId: string };
      const raw = req.query as Record<string, string | undefined>;
      const q = parseItemsQuery(raw);
      const layer = await layerFor(req, collectionId);
      const { page, matched } = selectItems(layer.features, q);
      const base = baseUrl(req, deps.publicBaseUrl);
      const itemsUrl = `${base}/ogc/collections/${encodeURIComponent(layer.id)}/items`;
      const pageUrl = (offset: number) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(raw)) if (v !== undefined && k !== 'offset' && k !== 'limit') params.set(k, v);
        params.set('limit', String(q.limit));
        params.set('offset', String(offset));
        return `${itemsUrl}?${params}`;
      };
      const links = [{ href: pageUrl(q.offset), rel: 'self', type: GEOJSON_TYPE, title: 'This page' }];
      if (q.offset + q.limit < matched) links.push({ href: pageUrl(q.offset + q.limit), rel: 'next', type: GEOJSON_TYPE, title: 'Next page' });
      if (q.offset > 0) links.push({ href: pageUrl(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON_TYPE, title: 'Previous page' });
      links.push({ href: `${base}/ogc/collections/${encodeURIComponent(layer.id)}`, rel: 'collection', type: JSON_TYPE, title: 'The collection' });
      return send(reply, GEOJSON_TYPE, {
        type: 'FeatureCollection',
        features: page,
        numberMatched: matched,
        numberReturned: page.length,
        timeStamp: new Date().toISOString(),
        links,
      });
    });

    app.get('/collections/:collectionId/items/:featureId', async (req, reply) => {
      checkFormat(req);
      const { collectionId, featureId } = req.params as { collectionId: string; featureId: string };
      const layer = await layerFor(req, collectionId);
      const feature: OgcFeature | undefined = layer.features.find((f) => f.id === featureId);
      if (!feature) throw new OgcError(404, 'NotFound', `Feature ${featureId} was not found in collection ${collectionId}.`);
      const base = baseUrl(req, deps.publicBaseUrl);
      const collectionUrl = `${base}/ogc/collections/${encodeURIComponent(layer.id)}`;
      return send(reply, GEOJSON_TYPE, {
        ...feature,
        links: [
          { href: `${collectionUrl}/items/${encodeURIComponent(feature.id)}`, rel: 'self', type: GEOJSON_TYPE, title: 'This feature' },
          { href: collectionUrl, rel: 'collection', type: JSON_TYPE, title: 'The collection' },
        ],
      });
    });
  };
}
