/**
 * The area follow-up API. Handlers are thin: the service decides who may do what (404 when the viewer may
 * read nothing of the area, 403 when it may read but not do this) and checks every field.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DEFAULT_TREND_THRESHOLD } from '../../../shared/src/areaFollowup.ts';
import { requireUser } from '../http/guards.ts';
import type { FollowupService } from './service.ts';

const AreaId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const AreaPeriod = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), period: Type.String({ minLength: 1, maxLength: 16 }) });
const Year = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
const Threshold = Type.Object({ threshold: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 4 })) });
const tags = ['areafollowup'];

export function followupRoutes(svc: FollowupService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/areafollowup/criteria/:year', { schema: { tags, params: Year } }, async (req) => svc.criteria(requireUser(req), req.params.year));
    app.put('/api/areafollowup/criteria/:year', { schema: { tags, params: Year } }, async (req) => svc.putCriteria(requireUser(req), req.params.year, req.body));

    app.get('/api/areafollowup/areas', { schema: { tags } }, async (req) => ({ items: await svc.listAreas(requireUser(req)) }));
    app.get('/api/areafollowup/areas/:id', { schema: { tags, params: AreaId, querystring: Threshold } }, async (req) => svc.area(requireUser(req), req.params.id, req.query.threshold ?? DEFAULT_TREND_THRESHOLD));
    app.put('/api/areafollowup/areas/:id/assignment', { schema: { tags, params: AreaId } }, async (req) => svc.assign(requireUser(req), req.params.id, req.body));
    app.get('/api/areafollowup/areas/:id/history', { schema: { tags, params: AreaId } }, async (req) => ({ items: await svc.history(requireUser(req), req.params.id) }));

    app.get('/api/areafollowup/areas/:id/assessments/:period', { schema: { tags, params: AreaPeriod } }, async (req) => {
      const user = requireUser(req);
      const versions = await svc.versions(user, req.params.id, req.params.period);
      return { current: versions[versions.length - 1] ?? null, versions, criteria: await svc.periodCriteria(user, req.params.id, req.params.period) };
    });
    app.put('/api/areafollowup/areas/:id/assessments/:period', { schema: { tags, params: AreaPeriod } }, async (req) => svc.saveDraft(requireUser(req), req.params.id, req.params.period, req.body));
    app.post('/api/areafollowup/areas/:id/assessments/:period/submit', { schema: { tags, params: AreaPeriod } }, async (req) => svc.submit(requireUser(req), req.params.id, req.params.period));
    app.post('/api/areafollowup/areas/:id/assessments/:period/corrections', { schema: { tags, params: AreaPeriod } }, async (req, reply) => reply.status(201).send(await svc.correct(requireUser(req), req.params.id, req.params.period, req.body)));
    app.put('/api/areafollowup/areas/:id/assessments/:period/sharing', { schema: { tags, params: AreaPeriod } }, async (req) => svc.setSharing(requireUser(req), req.params.id, req.params.period, req.body));
    app.put('/api/areafollowup/areas/:id/assessments/:period/partner-view', { schema: { tags, params: AreaPeriod } }, async (req) => svc.savePartnerView(requireUser(req), req.params.id, req.params.period, req.body));

    app.get('/api/areafollowup/overview', { schema: { tags, querystring: Threshold } }, async (req) => svc.overview(requireUser(req), req.query.threshold ?? DEFAULT_TREND_THRESHOLD));
    app.get('/api/areafollowup/due', { schema: { tags } }, async (req) => ({ items: await svc.due(requireUser(req)) }));

  };
}
