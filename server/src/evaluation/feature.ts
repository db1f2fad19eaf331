import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { calculatorRoutes } from './calculatorRoutes.ts';
import { MeasureEvaluator } from './measureEvaluation.ts';
import type { PictureService } from '../pictures/index.ts';
import type { RtmResults } from '../rtm/index.ts';
import { RiskAccuracy } from './riskAccuracy.ts';
import { measureEvaluationRoutes, riskAccuracyRoutes } from './routes.ts';
import { EvaluationStore } from './store.ts';
import { StoredEvaluations } from './storedEvaluations.ts';
import type { CandidateAreaSource, IncidentLister, MeasureReader } from './types.ts';

export interface EvaluationDeps {
  pictures: Pick<PictureService, 'getPicture' | 'readableLayers'>;
  /** Completed RTM runs' surfaces (risk-map accuracy). */
  rtm: Pick<RtmResults, 'cells'>;
  incidents: IncidentLister;
  /** Absent: only the stateless calculators are served. */
  measures: MeasureReader | null;
  /** The strategic map's districts and DeSO areas as control candidates (absent: discs only). */
  areas: CandidateAreaSource | null;
}

/** The evaluation capability (uppföljning): calculators, risk-map accuracy, evaluation of measures, stored evaluations. */
export async function evaluationFeature(app: FastifyInstance, ctx: AppContext, deps: EvaluationDeps): Promise<MeasureEvaluator | null> {
  await app.register(calculatorRoutes);
  const policeReadable = async (viewer: Parameters<PictureService['readableLayers']>[0], pictureId: string) => {
    const picture = await deps.pictures.getPicture(pictureId);
    return !!picture && (await deps.pictures.readableLayers(viewer, picture)).some((l) => l.classification === 'police_internal');
  };
  await app.register(riskAccuracyRoutes(new RiskAccuracy({ pictures: { getPicture: (id) => deps.pictures.getPicture(id), policeReadable }, incidents: deps.incidents, rtm: deps.rtm })));
  if (!deps.measures) return null;
  const evaluator = new MeasureEvaluator({ measures: deps.measures, incidents: deps.incidents, pictures: deps.pictures, areas: deps.areas });
  const store = new EvaluationStore(ctx.prisma);
  await app.register(measureEvaluationRoutes(evaluator, store, new StoredEvaluations(store, deps.measures, ctx.orgs, { areas: deps.areas, pictures: deps.pictures })));
  return evaluator;
}
