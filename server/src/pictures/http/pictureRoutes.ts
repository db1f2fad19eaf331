import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AccessEntry } from '../../../../shared/src/access.ts';
import { accessListProblems } from '../../../../shared/src/access.ts';
import { appError } from '../../errors.ts';
import { requirePolice, requireUser } from '../../http/guards.ts';
import { LiveHub } from '../../live/liveHub.ts';
import { Type } from '@sinclair/typebox';
import { layerSummary, PICTURE_STATUSES, type PictureStatus } from '../pictureService.ts';
import { pictureOut } from './pictureReads.ts';
import type { PictureRouteDeps } from './routeDeps.ts';
import { CreateLayer, CreatePicture, Id, RenameLayer } from './schemas.ts';

/** Pictures: list, read, create, add a layer and rename one. */
export function pictureRoutes(deps: PictureRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { pictures, live, audit, orgs, reads } = deps;
    app.get('/api/pictures', { schema: { tags: ['pictures'], querystring: Type.Object({ includeArchived: Type.Boolean({ default: false }) }) } }, async (req) => {
      const user = requireUser(req);
      // Archived pictures leave the list (they stay readable by id and can be reopened).
      const all = (await pictures.listPictures()).filter((p) => req.query.includeArchived || p.status !== 'archived');
      const items = [];
      for (const p of all) {
        const layers = await pictures.readableLayers(user, p);
        if (await reads.visibleTo(user, p, layers.length)) items.push({ id: p.id, title: p.title, level: p.level, status: p.status, updatedAt: p.updatedAt.toISOString(), layerCount: layers.length });
      }
      return { items };
    });

    app.get('/api/pictures/:id', { schema: { tags: ['pictures'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { picture, layers } = await reads.loadReadable(user, req.params.id);
      // `right` is the caller's right on the picture itself: an administrator may reopen a closed picture.
      return { ...pictureOut(picture), right: await pictures.pictureRight(user, picture), layers: layers.map(layerSummary) };
    });

    app.post('/api/pictures', { schema: { tags: ['pictures'], body: CreatePicture } }, async (req, reply) => {
      const user = requirePolice(req, 'admin', 'commander', 'analyst', 'duty_officer');
      const b = req.body;
      const { id } = await pictures.create({ creator: user, title: b.title, level: b.level, area: b.area ?? null, areaCode: b.areaCode ?? null, withDefaultLayers: b.withDefaultLayers, address: req.ip });
      const { picture, layers } = await reads.loadReadable(user, id);
      return reply.status(201).send({ ...pictureOut(picture), layers: layers.map(layerSummary) });
    });

    app.patch(
      '/api/pictures/:id/status',
      { schema: { tags: ['pictures'], params: Id, body: Type.Object({ status: Type.Union(PICTURE_STATUSES.map((v) => Type.Literal(v))) }, { additionalProperties: false }) } },
      async (req) => {
        const user = requireUser(req);
        const picture = await pictures.getPicture(req.params.id);
        const right = picture ? await pictures.pictureRight(user, picture) : 'none';
        if (!picture || right === 'none') throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
        if (right !== 'admin') {
          await audit.record({ actor: user, action: 'picture.status', target: picture.id, outcome: 'denied', address: req.ip });
          throw appError('FORBIDDEN');
        }
        const status = req.body.status as PictureStatus;
        await pictures.setStatus(picture, status);
        await audit.record({ actor: user, action: 'picture.status', target: picture.id, outcome: 'success', address: req.ip, detail: { from: picture.status, to: status } });
        const updatedAt = new Date().toISOString();
        await live.publish(picture.id, async (viewer) =>
          (await pictures.pictureRight(viewer, picture)) === 'none'
            ? null
            : { ...LiveHub.envelope('picture.updated', picture.id), picture: { id: picture.id, title: picture.title, level: picture.level, status, updatedAt } },
        );
        return { id: picture.id, status };
      },
    );

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

    // Renaming is administration, like the access list: a layer's writers draw in it but do not rename it.
    app.patch('/api/layers/:id', { schema: { tags: ['layers'], params: Id, body: RenameLayer } }, async (req) => {
      const user = requireUser(req);
      const layer = await pictures.getLayer(req.params.id);
      const right = layer ? await pictures.rightOn(user, layer) : 'none';
      if (!layer || right === 'none') throw appError('NOT_FOUND', [`Layer ${req.params.id}`]);
      if (right !== 'admin') throw appError('FORBIDDEN');
      const name = req.body.name.trim();
      if (!name) throw appError('VALIDATION_FAILED', ['name must not be blank.']);
      const after = await pictures.renameLayer(layer, name);
      await audit.record({ actor: user, action: 'layer.rename', target: layer.id, outcome: 'success', address: req.ip, detail: { pictureId: layer.pictureId, from: layer.name, to: name } });
      await live.publish(layer.pictureId, async (viewer) => {
        const r = await pictures.rightOn(viewer, after);
        return r === 'none' ? null : { ...LiveHub.envelope('layer.changed', layer.pictureId), layer: layerSummary({ ...after, right: r }) };
      });
      return layerSummary({ ...after, right });
    });
  };
}
