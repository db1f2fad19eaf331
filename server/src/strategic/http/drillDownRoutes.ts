/** Drill-down for police roles: open a local picture of an area, or get an RTM study skeleton for it. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requirePolice } from '../../http/guards.ts';
import { CodeParams, DRILL_ROLES, mapErrors, type StrategicRouteDeps } from './common.ts';

const DrillBody = Type.Object({ title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });
const StudyBody = Type.Object({ blockLength: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 5000 })) });

export function drillDownRoutes({ access, drillDown, audit }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // 201 with a new picture, or 200 with the organisation's open picture of the area.
    app.post('/api/areas/:code/picture', { schema: { tags: ['strategic'], params: CodeParams, body: Type.Optional(DrillBody) } }, (req, reply) =>
      mapErrors(async () => {
        const user = requirePolice(req, ...DRILL_ROLES);
        const a = await access.visibleArea(await access.viewer(user), req.params.code);
        const { existing, body } = await drillDown.openPicture(user, a, req.body?.title, req.ip);
        await audit.record({ actor: user, action: 'strategic.drilldown.picture', target: a.code, outcome: 'success', address: req.ip, detail: { pictureId: body.id, ...(existing ? { existing: true } : {}) } });
        return reply.status(existing ? 200 : 201).send(body);
      }),
    );

    app.post('/api/areas/:code/rtm-study', { schema: { tags: ['strategic'], params: CodeParams, body: Type.Optional(StudyBody) } }, (req) =>
      mapErrors(async () => {
        const user = requirePolice(req, ...DRILL_ROLES);
        const a = await access.visibleArea(await access.viewer(user), req.params.code);
        return drillDown.rtmStudy(a, req.body?.blockLength ?? 100);
      }),
    );
  };
}
