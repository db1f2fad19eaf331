/**
 * Reading stored evaluations (API.md "Stored evaluations"). Readability is decided now, not when saved: the
 * caller must read the measure now (the measures capability's rule), and a result computed for police (from
 * every incident) is never handed to a partner, whose own evaluations count only what partners receive.
 */
import type { Caveat, MeasureEvaluation } from '../../../shared/src/evaluation.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import { AppError, appError } from '../errors.ts';
import type { EvaluationStore, StoredEvaluation } from './store.ts';
import type { MeasureReader, Viewer } from './types.ts';

export interface OrgParents {
  get(id: string): { parentId: string | null } | undefined;
}

const OVERVIEW_CAVEAT: Caveat = {
  key: 'overview_descriptive',
  sv: 'Tabellen jämför insatser som skiljer sig i plats, tid och jämförelseområde; ett samband mellan dos och effekt här är beskrivande, inte ett bevis för orsak.',
  en: 'The table compares measures that differ in place, time and comparison area; a relation between dosage and effect here is descriptive, not proof of cause.',
};

const computedFor = (r: MeasureEvaluation): 'police' | 'partner' => (r.excluded.partnerGeneralised ? 'partner' : 'police');

export class StoredEvaluations {
  constructor(
    private readonly store: EvaluationStore,
    private readonly measures: MeasureReader,
    private readonly orgs: { load(): Promise<OrgParents> },
  ) {}

  /** The measure if the viewer may read it now, else null. */
  private async readable(viewer: Viewer, measureId: string): Promise<Measure | null> {
    try {
      return await this.measures.get(viewer, measureId);
    } catch (err) {
      if (err instanceof AppError && err.statusCode === 404) return null;
      throw err;
    }
  }

  private visible(viewer: Viewer, e: StoredEvaluation): boolean {
    return viewer.isPolice || computedFor(e.result) === 'partner';
  }

  async get(viewer: Viewer, id: string): Promise<StoredEvaluation> {
    const e = await this.store.get(id);
    if (!e || !this.visible(viewer, e) || !(await this.readable(viewer, e.measureId))) throw appError('NOT_FOUND', [`Evaluation ${id}`]);
    return e;
  }

  async ofMeasure(viewer: Viewer, measureId: string) {
    if (!(await this.readable(viewer, measureId))) throw appError('NOT_FOUND', [`Measure ${measureId}`]);
    const items = (await this.store.ofMeasure(measureId)).filter((e) => this.visible(viewer, e));
    return {
      items: items.map((e) => ({
        id: e.id,
        measureId: e.measureId,
        pictureId: e.pictureId,
        createdBy: e.createdBy,
        createdAt: e.createdAt,
        request: e.request,
        summary: { estTotal: e.result.wdd.estTotal, lowCI: e.result.wdd.lowCI, highCI: e.result.wdd.highCI, p: e.result.wdd.p, significant: e.result.wdd.significant },
      })),
    };
  }

  /** The newest readable evaluation of each measure owned by `region` or an organisation below it. */
  async overview(viewer: Viewer, region?: string) {
    const tree = await this.orgs.load();
    const within = (orgId: string) => {
      if (!region) return true;
      for (let id: string | null = orgId, guard = 0; id && guard < 64; guard++) {
        if (id === region) return true;
        id = tree.get(id)?.parentId ?? null;
      }
      return false;
    };
    const items = [];
    for (const e of await this.store.latestPerMeasure()) {
      if (!this.visible(viewer, e)) continue;
      const m = await this.readable(viewer, e.measureId);
      if (!m || !within(m.ownerOrganisationId)) continue;
      const r = e.result;
      items.push({
        evaluationId: e.id,
        measureId: m.id,
        title: m.title,
        kind: m.kind,
        ownerOrganisationId: m.ownerOrganisationId,
        createdAt: e.createdAt,
        periods: r.periods,
        dosage: { deliveredTotal: r.dosage.deliveredTotal, plannedTotal: r.dosage.plannedTotal, unit: r.dosage.unit },
        estTotal: r.wdd.estTotal,
        lowCI: r.wdd.lowCI,
        highCI: r.wdd.highCI,
        p: r.wdd.p,
        significant: r.wdd.significant,
        plain: r.plain,
        caveats: r.caveats,
      });
    }
    return { items, caveats: [OVERVIEW_CAVEAT] };
  }
}
