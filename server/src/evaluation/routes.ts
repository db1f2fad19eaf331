/** POST /api/measures/:id/evaluation (api-contract.md "Measures"; API.md). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { INCIDENT_TYPES } from '../../../shared/src/events.ts';
import { requireUser } from '../http/guards.ts';
import { asAppError } from './calculatorRoutes.ts';
import type { MeasureEvaluator } from './measureEvaluation.ts';
import type { RiskAccuracy } from './riskAccuracy.ts';
import type { EvaluationStore } from './store.ts';
import type { StoredEvaluations } from './storedEvaluations.ts';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Time = Type.String({ minLength: 10, maxLength: 40 });
const Period = Type.Object({ from: Time, to: Time }, { additionalProperties: false });
const Geometry = Type.Object({ type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]), coordinates: Type.Array(Type.Unknown(), { minItems: 1 }) });

export const EvaluationBody = Type.Object(
  {
    before: Period,
    after: Period,
    incidentTypes: Type.Optional(Type.Array(Type.Union(INCIDENT_TYPES.map((t) => Type.Literal(t))), { maxItems: INCIDENT_TYPES.length * 2 })),
    control: Type.Optional(Geometry),
    displacementControl: Type.Optional(Geometry),
    displacementWidthMeters: Type.Optional(Type.Number({ minimum: 10, maximum: 5000 })),
    alpha: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
    bin: Type.Optional(Type.Union([Type.Literal('week'), Type.Literal('month')])),
    save: Type.Optional(Type.Boolean()),
    controlCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    harmWeights: Type.Optional(Type.Partial(Type.Object(Object.fromEntries(INCIDENT_TYPES.map((t) => [t, Type.Number({ exclusiveMinimum: 0, maximum: 1e9 })]))), { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export function measureEvaluationRoutes(evaluator: MeasureEvaluator, store: EvaluationStore, stored: StoredEvaluations): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/api/measures/:id/evaluation', { schema: { tags: ['evaluation'], params: Id, body: EvaluationBody } }, async (req) => {
      const user = requireUser(req);
      const { save, ...request } = req.body;
      let result: Awaited<ReturnType<MeasureEvaluator['evaluate']>>['result'];
      try {
        result = (await evaluator.evaluate(user, req.params.id, request)).result;
      } catch (err) {
        throw asAppError(err);
      }
      if (!save) return result;
      const evaluationId = await store.save(user, request, result);
      await app.ctx.audit.record({ actor: user, action: 'evaluation.save', target: evaluationId, outcome: 'success', address: req.ip, detail: { measureId: result.measureId } });
      return { ...result, evaluationId };
    });

    app.get('/api/measures/:id/evaluations', { schema: { tags: ['evaluation'], params: Id } }, async (req) => stored.ofMeasure(requireUser(req), req.params.id));

    app.get('/api/evaluations/:id', { schema: { tags: ['evaluation'], params: Id } }, async (req) => stored.get(requireUser(req), req.params.id));

    app.get('/api/evaluations', { schema: { tags: ['evaluation'], querystring: Type.Object({ region: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }) } }, async (req) =>
      stored.overview(requireUser(req), req.query.region),
    );
  };
}

const Coverage = Type.Number({ exclusiveMinimum: 0, maximum: 1 });
export const RiskAccuracyBody = Type.Object(
  {
    trainFrom: Time,
    trainTo: Time,
    testFrom: Time,
    testTo: Time,
    incidentTypes: Type.Optional(Type.Array(Type.Union(INCIDENT_TYPES.map((t) => Type.Literal(t))), { maxItems: INCIDENT_TYPES.length * 2 })),
    coverages: Type.Optional(Type.Array(Coverage, { minItems: 1, maxItems: 20 })),
  },
  { additionalProperties: false },
);

export function riskAccuracyRoutes(accuracy: RiskAccuracy): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/api/pictures/:id/risk-accuracy', { schema: { tags: ['evaluation'], params: Id, body: RiskAccuracyBody } }, async (req) =>
      accuracy.compute(requireUser(req), req.params.id, req.body),
    );
  };
}
