import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { isPoliceOrgKind } from '../../../../shared/src/roles.ts';
import { appError } from '../../errors.ts';
import { requirePolice, requireUser } from '../../http/guards.ts';
import { layerSummary, PictureService } from '../pictureService.ts';
import { pictureOut } from './pictureReads.ts';
import type { PictureRouteDeps } from './routeDeps.ts';
import { Id } from './schemas.ts';

/** Export a picture as the caller may read it, and preview what a partner organisation receives (both audited). */
export function exportRoutes(deps: PictureRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { pictures, audit, orgs, reads } = deps;
    app.get('/api/pictures/:id/export', { schema: { tags: ['pictures'], params: Id } }, async (req) => {
      const user = requireUser(req);
      const { picture } = await reads.loadReadable(user, req.params.id);
      const layers = await reads.exportLayers(user, picture);
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
          export: await reads.exportLayers(principal, picture),
        };
      },
    );
  };
}
