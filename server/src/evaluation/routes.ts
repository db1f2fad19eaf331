/** POST /api/measures/:id/evaluation (api-contract.md "Measures"; API.md). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { INCIDENT_TYPES } from '../../../shared/src/events.ts';
import { requireUser } from '../http/guards.ts';
import { asAppError } from './calculatorRoutes.ts';
import type { MeasureEvaluator } from './measureEvaluation.ts';

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
  },
  { additionalProperties: false },
);

export function measureEvaluationRoutes(evaluator: MeasureEvaluator): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/api/measures/:id/evaluation', { schema: { tags: ['evaluation'], params: Id, body: EvaluationBody } }, async (req) => {
      const user = requireUser(req);
      try {
        const { result } = await evaluator.evaluate(user, req.params.id, req.body);
        return result;
      } catch (err) {
        throw asAppError(err);
      }
    });
  };
}
