import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { calculatorRoutes } from './calculatorRoutes.ts';
import { MeasureEvaluator } from './measureEvaluation.ts';
import { measureEvaluationRoutes } from './routes.ts';
import { EvaluationStore } from './store.ts';
import { StoredEvaluations } from './storedEvaluations.ts';
import type { CandidateAreaSource, IncidentLister, MeasureReader, PictureAreaReader } from './types.ts';

export interface EvaluationDeps {
  pictures: PictureAreaReader;
  incidents: IncidentLister;
  /** Absent: only the stateless calculators are served. */
  measures: MeasureReader | null;
  /** The strategic map's districts and DeSO areas as control candidates (absent: discs only). */
  areas: CandidateAreaSource | null;
}

/** The evaluation capability (uppföljning): calculators, evaluation of measures, stored evaluations. */
export async function evaluationFeature(app: FastifyInstance, ctx: AppContext, deps: EvaluationDeps): Promise<MeasureEvaluator | null> {
  await app.register(calculatorRoutes);
  if (!deps.measures) return null;
  const evaluator = new MeasureEvaluator({ measures: deps.measures, incidents: deps.incidents, pictures: deps.pictures, areas: deps.areas });
  const store = new EvaluationStore(ctx.prisma);
  await app.register(measureEvaluationRoutes(evaluator, store, new StoredEvaluations(store, deps.measures, ctx.orgs)));
  return evaluator;
}
