import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import * as Y from 'yjs';
import { readFeatures } from '../../../../shared/src/layerDoc.ts';
import { appError } from '../../errors.ts';
import { requireUser } from '../../http/guards.ts';
import { inWindow } from '../historyWindow.ts';
import type { PictureRouteDeps } from './routeDeps.ts';
import { Id } from './schemas.ts';

/** A layer's features now and in its history (from when the caller could read it). */
export function layerContentRoutes(deps: PictureRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { docs, reads } = deps;
    app.get('/api/layers/:id/features', { schema: { tags: ['layers'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { layer } = await reads.layerFor(user, req.params.id, 'read');
      const doc = await docs.readState(layer.id);
      const { collection, invalid } = readFeatures(doc);
      doc.destroy();
      if (invalid.length) req.log.warn({ layerId: layer.id, invalid }, 'invalid features dropped from export');
      return { ...collection, invalid };
    });

    app.get('/api/layers/:id/history', { schema: { tags: ['layers'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { layer } = await reads.layerFor(user, req.params.id, 'read');
      const window = await reads.historyWindowFor(user, layer);
      const versions = (await docs.store.listVersions(layer.id)).filter((v) => inWindow(window, v.at));
      return { items: versions.map((v) => ({ id: String(v.id), at: v.at.toISOString() })) };
    });

    app.get(
      '/api/layers/:id/history/:versionId/features',
      { schema: { tags: ['layers'], params: Type.Object({ id: Type.String(), versionId: Type.String({ pattern: '^[0-9]{1,12}$' }) }) } },
      async (req) => {
        const user = requireUser(req);
        const { layer } = await reads.layerFor(user, req.params.id, 'read');
        const versionId = Number(req.params.versionId);
        const listed = (await docs.store.listVersions(layer.id)).find((v) => v.id === versionId);
        // A version from before the caller could read the layer does not exist for the caller.
        if (!listed || !inWindow(await reads.historyWindowFor(user, layer), listed.at)) throw appError('NOT_FOUND', [`Version ${req.params.versionId}`]);
        const state = await docs.store.loadVersion(layer.id, versionId);
        if (!state) throw appError('NOT_FOUND', [`Version ${req.params.versionId}`]);
        const doc = new Y.Doc();
        Y.applyUpdate(doc, state);
        const { collection, invalid } = readFeatures(doc);
        doc.destroy();
        return { ...collection, invalid };
      },
    );
  };
}
