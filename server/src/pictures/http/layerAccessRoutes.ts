import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AccessEntry } from '../../../../shared/src/access.ts';
import { accessListProblems } from '../../../../shared/src/access.ts';
import { appError } from '../../errors.ts';
import { requireUser } from '../../http/guards.ts';
import { LiveHub } from '../../live/liveHub.ts';
import { layerSummary } from '../pictureService.ts';
import type { PictureRouteDeps } from './routeDeps.ts';
import { Entries, Id } from './schemas.ts';

/** A layer's access list: read and replace it (audited; refused with a sentence when it would share police-internal content). */
export function layerAccessRoutes(deps: PictureRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { pictures, live, audit, orgs, reads } = deps;
    app.get('/api/layers/:id/access', { schema: { tags: ['layers'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { layer } = await reads.layerFor(user, req.params.id, 'admin');
      return { entries: layer.entries };
    });

    app.put('/api/layers/:id/access', { schema: { tags: ['layers'], params: Id, body: Entries } }, async (req) => {
      const user = requireUser(req);
      const { layer } = await reads.layerFor(user, req.params.id, 'admin');
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
  };
}
