/**
 * Reading stored evaluations (API.md "Stored evaluations"). Readability is decided now, not when saved: the
 * caller must read the measure now (the measures capability's rule), and a result computed for police (from
 * every incident) is never handed to a partner, whose own evaluations count only what partners receive.
 */
import type { Caveat, MeasureEvaluation } from '../../../shared/src/evaluation.ts';
import { bboxOf } from '../../../shared/src/geo/bbox.ts';
import { type PolygonalGeometry, pointInGeometry } from '../../../shared/src/geo/pointInPolygon.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import { AppError, appError } from '../errors.ts';
import type { EvaluationStore, StoredEvaluation } from './store.ts';
import type { CandidateAreaSource, MeasureReader, Viewer } from './types.ts';

/** Where an overview row's place name comes from: the strategic map's districts, else the title of the measure's picture. */
export interface AreaNameSources {
  areas: Pick<CandidateAreaSource, 'vintagesOf' | 'areasAt' | 'geometries'> | null;
  pictures: { getPicture(id: string): Promise<{ title: string } | undefined> };
}

export interface NamedArea {
  name: string;
  geometry: PolygonalGeometry;
}

/** The centre of a measure's target (its bounding box's centre, WGS84), or null when it has no positions. */
export function targetCentre(target: unknown): [number, number] | null {
  const b = bboxOf(target);
  return b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : null;
}

/** The name of the first area containing the point, or null. Pure. */
export function areaNameAt(point: [number, number] | null, areas: readonly NamedArea[]): string | null {
  if (!point) return null;
  for (const a of areas) if (pointInGeometry(point[0], point[1], a.geometry)) return a.name;
  return null;
}

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
    private readonly places: AreaNameSources | null = null,
  ) {}

  /** Every district of every vintage with its WGS84 outline (read once per overview). */
  private async districts(): Promise<NamedArea[]> {
    const areas = this.places?.areas;
    if (!areas) return [];
    const out: NamedArea[] = [];
    for (const vintage of await areas.vintagesOf('district')) {
      const geoms = await areas.geometries('district', vintage, 'wgs');
      for (const a of await areas.areasAt('district', vintage)) {
        const g = geoms.get(a.code);
        if (g) out.push({ name: a.name, geometry: g });
      }
    }
    return out;
  }

  /** A row's place: the district holding the measure's target, else the title of the measure's picture. */
  private async areaName(m: Measure, districts: () => Promise<NamedArea[]>, pictureNames: Map<string, string | null>): Promise<string | null> {
    const district = areaNameAt(targetCentre(m.target), await districts());
    if (district) return district;
    if (!this.places) return null;
    if (!pictureNames.has(m.pictureId)) pictureNames.set(m.pictureId, (await this.places.pictures.getPicture(m.pictureId))?.title ?? null);
    return pictureNames.get(m.pictureId) ?? null;
  }

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
    let loaded: Promise<NamedArea[]> | null = null;
    const districts = () => {
      loaded ??= this.districts();
      return loaded;
    };
    const pictureNames = new Map<string, string | null>();
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
        areaName: await this.areaName(m, districts, pictureNames),
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
