/**
 * Stored evaluations (the Evaluation table; owner: evaluation). A row keeps the request and the result as
 * computed for its creator; whether anyone may read it is decided at read time from the measure (see routes).
 */
import type { MeasureEvaluation } from '../../../shared/src/evaluation.ts';
import { newId } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';

export interface StoredEvaluation {
  id: string;
  measureId: string;
  pictureId: string;
  createdBy: string;
  organisationId: string;
  createdAt: string;
  classification: string;
  request: unknown;
  result: MeasureEvaluation;
}

type Row = { id: string; measureId: string; pictureId: string; createdById: string; organisationId: string; classification: string; request: string; result: string; createdAt: Date };

function fromRow(r: Row): StoredEvaluation {
  return {
    id: r.id,
    measureId: r.measureId,
    pictureId: r.pictureId,
    createdBy: r.createdById,
    organisationId: r.organisationId,
    createdAt: r.createdAt.toISOString(),
    classification: r.classification,
    request: JSON.parse(r.request) as unknown,
    result: JSON.parse(r.result) as MeasureEvaluation,
  };
}

export class EvaluationStore {
  constructor(private readonly db: Db) {}

  async save(by: { userId: string; organisationId: string }, request: unknown, result: MeasureEvaluation): Promise<string> {
    const id = newId('evl_');
    await this.db.evaluation.create({
      data: {
        id,
        measureId: result.measureId,
        pictureId: result.pictureId,
        createdById: by.userId,
        organisationId: by.organisationId,
        classification: result.classification,
        request: JSON.stringify(request),
        result: JSON.stringify({ ...result, evaluationId: id }),
      },
    });
    return id;
  }

  async get(id: string): Promise<StoredEvaluation | null> {
    const r = await this.db.evaluation.findUnique({ where: { id } });
    return r ? fromRow(r) : null;
  }

  /** The evaluations of a measure, newest first. */
  async ofMeasure(measureId: string): Promise<StoredEvaluation[]> {
    return (await this.db.evaluation.findMany({ where: { measureId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })).map(fromRow);
  }

  /** The newest evaluation of every measure that has one. */
  async latestPerMeasure(): Promise<StoredEvaluation[]> {
    const rows = await this.db.evaluation.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    const seen = new Set<string>();
    const out: StoredEvaluation[] = [];
    for (const r of rows) {
      if (seen.has(r.measureId)) continue;
      seen.add(r.measureId);
      out.push(fromRow(r));
    }
    return out;
  }
}
