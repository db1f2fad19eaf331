import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { accessListProblems, type AccessEntry, type Principal } from '../../../shared/src/access.ts';
import { readFeatures, readLog } from '../../../shared/src/layerDoc.ts';
import { isPoliceOrgKind, ROLES } from '../../../shared/src/roles.ts';
import type { DocumentManager } from '../collab/documents.ts';
import { appError } from '../errors.ts';
import { geometryToWgs } from '../geo/crs.ts';
import { requirePolice, requireUser } from '../http/guards.ts';
import { LiveHub } from '../live/liveHub.ts';
import { DEMO_PICTURE_ID } from './demoIds.ts';
import { accessChanges, historyWindow, inWindow } from './historyWindow.ts';
import { type LayerRecord, layerSummary, PictureService, type PictureRecord } from './pictureService.ts';
import * as Y from 'yjs';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Level = Type.Union([Type.Literal('national'), Type.Literal('regional'), Type.Literal('local')]);
const ClassificationT = Type.Union([Type.Literal('police_internal'), Type.Literal('partner'), Type.Literal('public')]);
const Kind = Type.Union(['annotations', 'incidents', 'risk', 'measures', 'reference', 'public'].map((k) => Type.Literal(k)));
const Polygonal = Type.Object({
  type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
  coordinates: Type.Array(Type.Any(), { minItems: 1 }),
});
const Entry = Type.Object({
  subject: Type.Union([
    Type.Object({ type: Type.Literal('organisation'), id: Type.String({ minLength: 1 }), includeSubtree: Type.Boolean() }),
    Type.Object({ type: Type.Literal('role'), role: Type.Union(ROLES.map((r) => Type.Literal(r))) }),
  ]),
  right: Type.Union([Type.Literal('read'), Type.Literal('write')]),
});
const Entries = Type.Object({ entries: Type.Array(Entry, { maxItems: 200 }) });
const CreatePicture = Type.Object({
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
const CreateLayer = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  classification: ClassificationT,
  entries: Type.Optional(Type.Array(Entry, { maxItems: 200 })),
});

export function pictureOut(p: PictureRecord) {
  return {
    id: p.id,
    title: p.title,
    level: p.level,
    status: p.status,
    area: p.area ? geometryToWgs(JSON.parse(p.area)) : null,
    areaCode: p.areaCode,
    ownerOrgId: p.ownerOrgId,
    rtmRunId: p.rtmRunId,
    // The seeded picture's incidents, annotations and factors are invented; clients label it so.
    demo: p.id === DEMO_PICTURE_ID,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export interface PictureRoutesDeps {
  pictures: PictureService;
  docs: DocumentManager;
  live: LiveHub;
}

export function pictureRoutes(deps: PictureRoutesDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { audit, orgs } = app.ctx;
    const { pictures, docs, live } = deps;

    /** Whether the principal may know of the picture: it reads a layer, or administers the (perhaps empty) picture. */
    async function visibleTo(principal: Principal, picture: PictureRecord, readable: number): Promise<boolean> {
      return readable > 0 || (await pictures.pictureRight(principal, picture)) === 'admin';
    }

    async function loadReadable(principal: Principal, id: string) {
      const picture = await pictures.getPicture(id);
      const layers = picture ? await pictures.readableLayers(principal, picture) : [];
      // A picture with nothing the caller may read (or administer) does not exist for the caller.
      if (!picture || !(await visibleTo(principal, picture, layers.length))) throw appError('NOT_FOUND', [`Picture ${id}`]);
      return { picture, layers };
    }

    async function layerFor(principal: Principal, layerId: string, need: 'read' | 'admin') {
      const layer = await pictures.getLayer(layerId);
      if (!layer) throw appError('NOT_FOUND', [`Layer ${layerId}`]);
      const right = await pictures.rightOn(principal, layer);
      if (right === 'none') throw appError('NOT_FOUND', [`Layer ${layerId}`]);
      if (need === 'admin' && right !== 'admin') throw appError('FORBIDDEN');
      return { layer, right };
    }

    /** The part of the layer's history the principal may see (versions since their read access began). */
    async function historyWindowFor(principal: Principal, layer: LayerRecord) {
      return historyWindow(await orgs.load(), principal, layer, await accessChanges(audit, layer.id));
    }

    async function exportLayers(principal: Principal, picture: PictureRecord) {
      const layers = await pictures.readableLayers(principal, picture);
      const out = [];
      for (const l of layers) {
        const doc = await docs.readState(l.id);
        const { collection, invalid } = readFeatures(doc);
        out.push({ id: l.id, name: l.name, kind: l.kind, classification: l.classification, access: l.right, features: collection, log: readLog(doc), invalid });
        doc.destroy();
      }
      return out;
    }

    app.get('/api/pictures', { schema: { tags: ['pictures'] } }, async (req) => {
      const user = requireUser(req);
      const all = await pictures.listPictures();
      const items = [];
      for (const p of all) {
        const layers = await pictures.readableLayers(user, p);
        if (await visibleTo(user, p, layers.length)) items.push({ id: p.id, title: p.title, level: p.level, status: p.status, updatedAt: p.updatedAt.toISOString(), layerCount: layers.length });
      }
      return { items };
    });

    app.get('/api/pictures/:id', { schema: { tags: ['pictures'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { picture, layers } = await loadReadable(user, req.params.id);
      return { ...pictureOut(picture), layers: layers.map(layerSummary) };
    });

    app.post('/api/pictures', { schema: { tags: ['pictures'], body: CreatePicture } }, async (req, reply) => {
      const user = requirePolice(req, 'admin', 'commander', 'analyst', 'duty_officer');
      const b = req.body;
      const { id } = await pictures.create({ creator: user, title: b.title, level: b.level, area: b.area ?? null, areaCode: b.areaCode ?? null, withDefaultLayers: b.withDefaultLayers, address: req.ip });
      const { picture, layers } = await loadReadable(user, id);
      return reply.status(201).send({ ...pictureOut(picture), layers: layers.map(layerSummary) });
    });

    app.post('/api/pictures/:id/layers', { schema: { tags: ['pictures'], params: Id, body: CreateLayer } }, async (req, reply) => {
      const user = requireUser(req);
      const picture = await pictures.getPicture(req.params.id);
      if (!picture || (await pictures.pictureRight(user, picture)) === 'none') throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
      if ((await pictures.pictureRight(user, picture)) !== 'admin') throw appError('FORBIDDEN');
      const entries = (req.body.entries ?? []) as AccessEntry[];
      const problems = accessListProblems(await orgs.load(), req.body.classification, entries);
      if (problems.length) throw appError('CLASSIFICATION_VIOLATION', [problems.join(' ')]);
      const layer = await pictures.addLayer(picture, { name: req.body.name, kind: req.body.kind, classification: req.body.classification, entries });
      const id = layer.id;
      await audit.record({ actor: user, action: 'layer.create', target: id, outcome: 'success', address: req.ip, detail: { pictureId: picture.id, classification: req.body.classification, entries } });
      await live.publish(picture.id, async (viewer) => {
        const right = await pictures.rightOn(viewer, layer);
        return right === 'none' ? null : { ...LiveHub.envelope('layer.created', picture.id), layer: layerSummary({ ...layer, right }) };
      });
      return reply.status(201).send(layerSummary({ ...layer, right: await pictures.rightOn(user, layer) as 'admin' }));
    });

    app.get('/api/layers/:id/access', { schema: { tags: ['layers'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { layer } = await layerFor(user, req.params.id, 'admin');
      return { entries: layer.entries };
    });

    app.put('/api/layers/:id/access', { schema: { tags: ['layers'], params: Id, body: Entries } }, async (req) => {
      const user = requireUser(req);
      const { layer } = await layerFor(user, req.params.id, 'admin');
      const entries = req.body.entries as AccessEntry[];
      const problems = accessListProblems(await orgs.load(), layer.classification, entries);
      if (problems.length) {
        await audit.record({ actor: user, action: 'layer.access.update', target: layer.id, outcome: 'denied', address: req.ip, detail: { entries, problems } });
        throw appError('CLASSIFICATION_VIOLATION', [problems.join(' ')]);
      }
      // Who could read before, so that those who lose the layer are told it is gone.
      const before = layer;
      const after = await pictures.setLayerAccess(layer, entries);
      await audit.record({
        actor: user,
        action: 'layer.access.update',
        target: layer.id,
        outcome: 'success',
        address: req.ip,
        detail: { before: before.entries, after: entries },
      });
      await live.publish(layer.pictureId, async (viewer) => {
        const was = await pictures.rightOn(viewer, before);
        const now = await pictures.rightOn(viewer, after);
        if (now === 'none') return was === 'none' ? null : { ...LiveHub.envelope('layer.removed', layer.pictureId), layerId: layer.id };
        return { ...LiveHub.envelope(was === 'none' ? 'layer.created' : 'layer.changed', layer.pictureId), layer: layerSummary({ ...after, right: now }) };
      });
      return { entries };
    });

    app.get('/api/layers/:id/features', { schema: { tags: ['layers'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { layer } = await layerFor(user, req.params.id, 'read');
      const doc = await docs.readState(layer.id);
      const { collection, invalid } = readFeatures(doc);
      doc.destroy();
      if (invalid.length) req.log.warn({ layerId: layer.id, invalid }, 'invalid features dropped from export');
      return { ...collection, invalid };
    });

    app.get('/api/layers/:id/history', { schema: { tags: ['layers'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { layer } = await layerFor(user, req.params.id, 'read');
      const window = await historyWindowFor(user, layer);
      const versions = (await docs.store.listVersions(layer.id)).filter((v) => inWindow(window, v.at));
      return { items: versions.map((v) => ({ id: String(v.id), at: v.at.toISOString() })) };
    });

    app.get(
      '/api/layers/:id/history/:versionId/features',
      { schema: { tags: ['layers'], params: Type.Object({ id: Type.String(), versionId: Type.String({ pattern: '^[0-9]{1,12}$' }) }) } },
      async (req) => {
        const user = requireUser(req);
        const { layer } = await layerFor(user, req.params.id, 'read');
        const versionId = Number(req.params.versionId);
        const listed = (await docs.store.listVersions(layer.id)).find((v) => v.id === versionId);
        // A version from before the caller could read the layer does not exist for the caller.
        if (!listed || !inWindow(await historyWindowFor(user, layer), listed.at)) throw appError('NOT_FOUND', [`Version ${req.params.versionId}`]);
        const state = await docs.store.loadVersion(layer.id, versionId);
        if (!state) throw appError('NOT_FOUND', [`Version ${req.params.versionId}`]);
        const doc = new Y.Doc();
        Y.applyUpdate(doc, state);
        const { collection, invalid } = readFeatures(doc);
        doc.destroy();
        return { ...collection, invalid };
      },
    );

    app.get('/api/pictures/:id/export', { schema: { tags: ['pictures'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { picture } = await loadReadable(user, req.params.id);
      const layers = await exportLayers(user, picture);
      await audit.record({
        actor: user,
        action: 'picture.export',
        target: picture.id,
        outcome: 'success',
        address: req.ip,
        detail: { layers: layers.map((l) => ({ id: l.id, classification: l.classification })) },
      });
      return { picture: pictureOut(picture), layers };
    });

    app.get(
      '/api/pictures/:id/preview',
      {
        schema: {
          tags: ['pictures'],
          params: Id,
          querystring: Type.Object({
            organisationId: Type.String({ minLength: 1 }),
            role: Type.Union([Type.Literal('partner_editor'), Type.Literal('partner_viewer')], { default: 'partner_editor' }),
          }),
        },
      },
      async (req) => {
        const user = requirePolice(req);
        const picture = await pictures.getPicture(req.params.id);
        if (!picture || (await pictures.pictureRight(user, picture)) !== 'admin') throw appError(picture ? 'FORBIDDEN' : 'NOT_FOUND', [`Picture ${req.params.id}`]);
        const org = await orgs.get(req.query.organisationId);
        if (!org) throw appError('NOT_FOUND', [`Organisation ${req.query.organisationId}`]);
        // The preview answers "what does this partner receive"; a police unit as a stand-in partner is meaningless.
        if (isPoliceOrgKind(org.kind)) throw appError('UNPROCESSABLE', [`organisationId: ${org.id} is a police organisation; preview shows what a partner organisation receives.`]);
        const principal = PictureService.previewPrincipal(org.id, req.query.role);
        const layers = await pictures.readableLayers(principal, picture);
        await audit.record({ actor: user, action: 'picture.preview', target: picture.id, outcome: 'success', address: req.ip, detail: { asOrganisation: org.id, role: req.query.role } });
        return {
          asOrganisation: { id: org.id, name: org.name, kind: org.kind },
          ...pictureOut(picture),
          layers: layers.map(layerSummary),
          export: await exportLayers(principal, picture),
        };
      },
    );
  };
}
