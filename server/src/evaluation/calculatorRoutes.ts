/**
 * The stateless calculators over HTTP (api-contract.md "Evaluation calculators"). They need a session like
 * every API route; they read nothing stored, so no access rule beyond that applies.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appError } from '../errors.ts';
import { requireUser } from '../http/guards.ts';
import { etestResult, wddHarmResult, wddResult, wdqResult } from './calculators.ts';
import { EvaluationInputError } from './core/errors.ts';
import { ETestBody, WddBody, WddHarmBody, WdqBody } from './schemas.ts';

/** A core's refusal as a coded API error: 422 when the statistic is undefined, 400 when the input is bad. */
export function asAppError(err: unknown): unknown {
  if (!(err instanceof EvaluationInputError)) return err;
  return err.undefinedStatistic ? appError('UNPROCESSABLE', [err.en]) : appError('VALIDATION_FAILED', [err.en]);
}

function answer<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw asAppError(err);
  }
}

export const calculatorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/evaluation/wdd', { schema: { tags: ['evaluation'], body: WddBody } }, async (req) => {
    requireUser(req);
    return answer(() => wddResult(req.body));
  });
  app.post('/api/evaluation/wdd-harm', { schema: { tags: ['evaluation'], body: WddHarmBody } }, async (req) => {
    requireUser(req);
    return answer(() => wddHarmResult(req.body.items, req.body.alpha));
  });
  app.post('/api/evaluation/wdq', { schema: { tags: ['evaluation'], body: WdqBody } }, async (req) => {
    requireUser(req);
    return answer(() => wdqResult(req.body));
  });
  app.post('/api/evaluation/etest', { schema: { tags: ['evaluation'], body: ETestBody } }, async (req) => {
    requireUser(req);
    const { alpha, ...input } = req.body;
    return answer(() => etestResult(input, alpha));
  });
};
