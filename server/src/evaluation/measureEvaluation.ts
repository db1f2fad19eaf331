/**
 * Evaluation of a measure from the stored incidents (api-contract.md "Measures", POST /api/measures/:id/evaluation;
 * evaluation-method.md). The viewer's own read path decides what is counted: police count every confirmed
 * incident, partners only those released to them, at the generalised place and hour they receive (V3), so no
 * number here tells a viewer more than its incident list does.
 */
import { feature, featureCollection } from '@turf/helpers';
import { type Caveat, type ControlCandidate, type ControlChoice, type ControlMethod, caveat, type EvaluationDosage, type MeasureEvaluation, type Pair } from '../../../shared/src/evaluation.ts';
import type { IncidentType } from '../../../shared/src/events.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import { appError } from '../errors.ts';
import { type IncidentRecord, partnerLocation, partnerOccurredAt } from '../incidents/index.ts';
import { SMALL_COUNT, wddHarmResult, wddResult, wdqResult } from './calculators.ts';
import { inArea, type PreparedArea, prepareArea } from './core/areas.ts';
import { rankCandidates, scaledDistance, trendsDiffer } from './core/controlChoice.ts';
import { etest } from './core/etest.ts';
import { type AnyGeometry, type AreaGeom, bboxOfGeoms, bufferGeom, DEFAULT_DISPLACEMENT_WIDTH_M, disc, displacementRing, gridCentres, isAreal, loadGeometry, squareMeters, swerefToWgs, treatedArea, turf, wgsToSweref } from './core/geometry.ts';
import { binEdges, cumulative } from './core/overTime.ts';
import { plainSummary } from './core/plain.ts';
import type { CandidateAreaSource, IncidentLister, MeasureReader, PictureAreaReader, Viewer } from './types.ts';

export interface EvaluationRequest {
  before: { from: string; to: string };
  after: { from: string; to: string };
  incidentTypes?: IncidentType[];
  control?: AnyGeometry;
  displacementControl?: AnyGeometry;
  displacementWidthMeters?: number;
  alpha?: number;
  bin?: 'week' | 'month';
  /** Harm weights per incident type (e.g. the Swedish Crime Harm Index): adds per-type WDDs and their harm total. */
  harmWeights?: Partial<Record<IncidentType, number>>;
  /** Chosen controls are the union of this many best, mutually disjoint candidates (§4; default 1). */
  controlCount?: number;
}

/** Most incidents one evaluation reads (all areas and candidates, both periods). */
export const MAX_INCIDENTS = 200_000;
/** Most disc candidates per comparison; the grid spacing grows to keep within it. */
const MAX_DISCS = 300;
/** Candidates shown in the answer. */
const SHOWN_CANDIDATES = 12;
/** Strategic areas compete when their size is within this factor of the area they stand in for. */
const SIZE_CLASS = 3;
const DAY_MS = 86_400_000;

const PLURAL: Record<IncidentType, { sv: string; en: string }> = {
  shooting: { sv: 'skjutningar', en: 'shootings' },
  explosion: { sv: 'sprängningar', en: 'explosions' },
  threat_emergency_personnel: { sv: 'fall av hot eller våld mot blåljuspersonal', en: 'threats or violence against emergency personnel' },
  attack_municipal: { sv: 'angrepp mot kommunal verksamhet', en: 'attacks on municipal operations' },
  threat_witness: { sv: 'fall av hot eller våld mot vittnen', en: 'threats or violence against witnesses' },
  homicide: { sv: 'mord eller dråp', en: 'homicides' },
  arson: { sv: 'anlagda bränder', en: 'arsons' },
  other: { sv: 'händelser', en: 'incidents' },
};

const SOURCE_LABEL: Record<ControlMethod, { sv: string; en: string }> = {
  drawn: { sv: 'ritat av användaren', en: 'drawn by the user' },
  district: { sv: 'stadsdel', en: 'district' },
  deso: { sv: 'DeSO-område', en: 'DeSO area' },
  disc: { sv: 'cirkel av samma storlek', en: 'equal-size disc' },
};

/** An incident as the viewer receives it: place (WGS84), time, type and stated precision. */
interface SeenPoint {
  lon: number;
  lat: number;
  t: number;
  type: IncidentType;
  areaPrecision: boolean;
}

interface Period {
  from: Date;
  to: Date;
}

interface AreaCandidate {
  id: string;
  name: string;
  source: ControlMethod;
  geometry: AreaGeom;
  prepared: PreparedArea;
  m2: number;
}

function parsePeriod(name: string, p: { from: string; to: string }): Period {
  const from = new Date(p.from);
  const to = new Date(p.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw appError('VALIDATION_FAILED', [`${name}.from and ${name}.to must be ISO 8601 times`]);
  if (!(from < to)) throw appError('VALIDATION_FAILED', [`${name}.from must be before ${name}.to`]);
  if (to.getTime() - from.getTime() > 10 * 366 * DAY_MS) throw appError('VALIDATION_FAILED', [`${name} may span at most 10 years`]);
  return { from, to };
}

const days = (p: Period) => (p.to.getTime() - p.from.getTime()) / DAY_MS;

function checkDrawn(name: string, g: AnyGeometry | undefined): AreaGeom | null {
  if (!g) return null;
  if (!isAreal(g)) throw appError('VALIDATION_FAILED', [`${name} must be a Polygon or MultiPolygon`]);
  const bad = () => appError('VALIDATION_FAILED', [`${name} must be a GeoJSON ${g.type} of closed rings of [lon, lat] positions (WGS84) with an area`]);
  // Rings of [lon, lat] pairs, each closed and of at least four positions; anything else is the caller's mistake.
  const polys = g.type === 'Polygon' ? [g.coordinates as unknown] : Array.isArray(g.coordinates) ? (g.coordinates as unknown[]) : [];
  const ringOk = (r: unknown) =>
    Array.isArray(r) &&
    r.length >= 4 &&
    r.every((p) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])) &&
    r[0][0] === r[r.length - 1][0] &&
    r[0][1] === r[r.length - 1][1];
  if (polys.length === 0 || !polys.every((rings) => Array.isArray(rings) && rings.length > 0 && rings.every(ringOk))) throw bad();
  const [a, b, c, d] = prepareArea(g).bbox;
  if (a < -180 || c > 180 || b < -90 || d > 90) throw appError('VALIDATION_FAILED', [`${name} must have WGS84 coordinates`]);
  if (!(squareMeters(g) > 0)) throw bad();
  return g;
}

export class MeasureEvaluator {
  constructor(
    private readonly deps: { measures: MeasureReader; incidents: IncidentLister; pictures: PictureAreaReader; areas: CandidateAreaSource | null },
  ) {}

  async evaluate(viewer: Viewer, measureId: string, req: EvaluationRequest): Promise<{ measure: Measure; result: MeasureEvaluation }> {
    const measure = await this.deps.measures.get(viewer, measureId);
    const before = parsePeriod('before', req.before);
    const after = parsePeriod('after', req.after);
    if (before.to > after.from) throw appError('VALIDATION_FAILED', ['the before period must end before the after period starts']);
    const alpha = req.alpha ?? 0.1;
    const width = req.displacementWidthMeters ?? DEFAULT_DISPLACEMENT_WIDTH_M;
    const types = req.incidentTypes && req.incidentTypes.length > 0 ? [...new Set(req.incidentTypes)] : null;
    const binKind = req.bin ?? 'week';

    // Areas (WGS84). T ∪ D is the outer buffer; no control may touch it.
    await loadGeometry();
    const treated = treatedArea(measure.target as AnyGeometry);
    const T = treated.geometry;
    const D = displacementRing(T, width);
    const outer = bufferGeom(T, width);
    const drawnC = checkDrawn('control', req.control);
    const drawnDc = checkDrawn('displacementControl', req.displacementControl);
    const mT = squareMeters(T);
    const mD = squareMeters(D);

    // Where candidates come from: the picture's area, else 5 km around the treated area.
    const region = await this.regionBox(measure.pictureId, T);
    const fetchBox = bboxOfGeoms([region.geometry, outer, ...(drawnC ? [drawnC] : []), ...(drawnDc ? [drawnDc] : [])]);
    const points = await this.seenPoints(viewer, fetchBox, before.from, after.to, types);
    const usable = points.filter((p) => !p.areaPrecision);
    const months = binEdges(before.from, before.to, 'month');
    // The pre-period points with their month, once: every candidate's series reads them.
    const pre = usable
      .map((p) => ({ p, m: months.findIndex(([a, b]) => p.t >= a.getTime() && p.t < b.getTime()) }))
      .filter((x) => x.m >= 0 && x.p.t >= before.from.getTime() && x.p.t < before.to.getTime());
    const preSeries = (area: PreparedArea) => {
      const s = new Array<number>(months.length).fill(0);
      for (const { p, m } of pre) if (inArea(p.lon, p.lat, area)) s[m] = (s[m] as number) + 1;
      return s;
    };
    const pT = prepareArea(T);
    // D excludes T: a point on T's edge is T's, not also the ring's.
    const pD = prepareArea(D, pT);
    const seriesT = preSeries(pT);
    const seriesD = preSeries(pD);

    const outerFeature = feature(outer);
    const outerBox = bboxOfGeoms([outer]);
    // Boxes apart means apart; only candidates near T ∪ D (or the control) need the exact test.
    const touches = (g: AreaGeom, other: AreaGeom, otherBox: [number, number, number, number], otherFeature = feature(other)) =>
      boxesOverlap(bboxOfGeoms([g]), otherBox) && turf().booleanIntersects(feature(g), otherFeature);
    const free = (g: AreaGeom, also?: AreaGeom | null) => !touches(g, outer, outerBox, outerFeature) && !(also && touches(g, also, bboxOfGeoms([also])));

    const controlPick = drawnC
      ? this.drawnChoice(drawnC, seriesT, preSeries)
      : await this.choose('control', mT, region, seriesT, preSeries, (g) => free(g), req.controlCount ?? 1);
    if (!controlPick.geometry) throw appError('UNPROCESSABLE', ['No comparison area could be chosen around this measure (no candidate of the same size class that does not touch the treated and displacement areas); draw one.']);
    const C = controlPick.geometry;
    const dcPick = drawnDc
      ? this.drawnChoice(drawnDc, seriesD, preSeries)
      : await this.choose('displacementControl', mD, region, seriesD, preSeries, (g) => free(g, C), req.controlCount ?? 1);
    if (!dcPick.geometry) throw appError('UNPROCESSABLE', ['No displacement comparison area could be chosen; draw one.']);
    const Dc = dcPick.geometry;
    const pC = prepareArea(C);
    const pDc = prepareArea(Dc);
    const mC = squareMeters(C);
    const mDc = squareMeters(Dc);

    const countIn = (area: PreparedArea, p: Period, type?: IncidentType) => {
      let n = 0;
      for (const x of usable) if (x.t >= p.from.getTime() && x.t < p.to.getTime() && (!type || x.type === type) && inArea(x.lon, x.lat, area)) n++;
      return n;
    };
    const pair = (a: PreparedArea, type?: IncidentType): Pair => [countIn(a, before, type), countIn(a, after, type)];
    const counts = { treated: pair(pT), control: pair(pC), displacement: pair(pD), displacementControl: pair(pDc) };
    let excludedAreaPrecision = 0;
    const inPeriods = (t: number) => (t >= before.from.getTime() && t < before.to.getTime()) || (t >= after.from.getTime() && t < after.to.getTime());
    for (const x of points) if (x.areaPrecision && inPeriods(x.t) && [pT, pD, pC, pDc].some((a) => inArea(x.lon, x.lat, a))) excludedAreaPrecision++;

    // Weights relative to the post period and the treated area, so the estimate reads as events in the treated
    // area over the post period (z is unchanged by any common scaling).
    const dBefore = days(before);
    const dAfter = days(after);
    const timeWeights: Pair = [dBefore / dAfter, 1];
    const areaWeights: [number, number, number, number] = [mC / mT, 1, mDc / mT, mD / mT];
    const wddIn = { control: counts.control, treated: counts.treated, displacementControl: counts.displacementControl, displacementTreated: counts.displacement, alpha };
    const wdd = wddResult({ ...wddIn, timeWeights, areaWeights });
    const wddUnweighted = wddResult(wddIn);
    const wdq = wdqResult({ target: counts.treated, buffer: counts.displacement, control: counts.control });
    // Harm-weighted total (§1, wdd-harm) over the weighted types: one WDD per type on the same areas and weights.
    let harm: MeasureEvaluation['harm'];
    const weighted = Object.entries(req.harmWeights ?? {}).filter(([type]) => !types || types.includes(type as IncidentType)) as Array<[IncidentType, number]>;
    if (weighted.length > 0) {
      const items = weighted.map(([type, weight]) => {
        const c = { treated: pair(pT, type), control: pair(pC, type), displacement: pair(pD, type), displacementControl: pair(pDc, type) };
        const w = wddResult({ control: c.control, treated: c.treated, displacementControl: c.displacementControl, displacementTreated: c.displacement, timeWeights, areaWeights, alpha });
        return { type, weight, counts: c, est: w.estTotal, se: w.seTotal };
      });
      harm = { items, result: wddHarmResult(items.map((i) => ({ est: i.est, se: i.se, weight: i.weight, label: i.type })), alpha) };
    }
    const eTest = this.eTest(counts.treated, counts.control);

    // Over time: treated and control per bin, cumulative after the start.
    const binsOf = (p: Period, phase: 'before' | 'after') =>
      binEdges(p.from, p.to, binKind).map(([from, to]) => ({ from, to, phase, treated: countIn(pT, { from, to }), control: countIn(pC, { from, to }) }));
    const bins = cumulative([...binsOf(before, 'before'), ...binsOf(after, 'after')]).map((b) => ({ ...b, from: b.from.toISOString(), to: b.to.toISOString() }));

    const caveats: Caveat[] = [];
    if ([...counts.treated, ...counts.control].some((v) => v < SMALL_COUNT)) caveats.push(caveat('small_counts'));
    caveats.push(caveat('regression_to_mean'));
    if (trendsDiffer(seriesT, preSeries(pC))) caveats.push(caveat('control_trend_differs'));
    // Level: the control's pre-period count per T-sized area against T's, beyond Poisson chance (|z| > 1.96).
    const [tPre, cPre] = [counts.treated[0], counts.control[0]];
    const scale = mT / mC;
    if (tPre + cPre > 0 && Math.abs(tPre - cPre * scale) / Math.sqrt(tPre + cPre * scale * scale) > 1.959963984540054)
      caveats.push({
        key: 'control_level_differs',
        sv: `Jämförelseområdet hade ${cPre} händelser före insatsen mot ${tPre} i det behandlade området; nivåerna skiljer sig mer än slumpen förklarar, så jämförelsen vilar på att utvecklingen ändå följs åt.`,
        en: `The control had ${cPre} events before the measure against ${tPre} in the treated area; the levels differ by more than chance, so the comparison rests on their trends moving together.`,
      });
    if (!drawnC || !drawnDc) caveats.push(caveat('control_chosen_automatically'));
    if ((drawnC && !free(drawnC)) || (drawnDc && !free(drawnDc)))
      caveats.push({
        key: 'control_overlaps',
        sv: 'Ett ritat jämförelseområde rör det behandlade området eller förflyttningsområdet; effekten kan då underskattas.',
        en: 'A drawn comparison area touches the treated or displacement area; the effect may then be underestimated.',
      });
    if (dAfter < 28) caveats.push(caveat('short_period'));
    if (excludedAreaPrecision > 0)
      caveats.push({
        key: 'area_precision_excluded',
        sv: `${excludedAreaPrecision} händelser med områdesprecision (ungefärlig plats) har inte räknats i områdena.`,
        en: `${excludedAreaPrecision} incidents with area precision (approximate location) were not counted in the areas.`,
      });
    if (!viewer.isPolice) caveats.push(caveat('partner_generalised'));
    if (treated.buffered)
      caveats.push({
        key: 'target_buffered',
        sv: 'Åtgärdens mål är en punkt eller linje; det behandlade området är allt inom 100 m från den.',
        en: 'The measure’s target is a point or line; the treated area is everything within 100 m of it.',
      });
    if (wdq.reason) caveats.push(wdq.reason);
    caveats.push(caveat(wdd.significant ? 'distinguishable' : 'not_distinguishable'));

    const what = types && types.length === 1 ? PLURAL[types[0] as IncidentType] : PLURAL.other;
    const plain = plainSummary({ estLocal: wdd.estLocal, seLocal: wdd.seLocal, estDisplace: wdd.estDisplace, seDisplace: wdd.seDisplace, what, displacementWidthM: width, hasDisplacement: true });

    const result: MeasureEvaluation = {
      measureId: measure.id,
      pictureId: measure.pictureId,
      classification: measure.classification,
      periods: {
        before: { from: before.from.toISOString(), to: before.to.toISOString(), days: dBefore },
        after: { from: after.from.toISOString(), to: after.to.toISOString(), days: dAfter },
      },
      incidentTypes: types ?? [],
      counts,
      areas: { treated: T, control: C, displacement: D, displacementControl: Dc },
      areaSquareMeters: { treated: mT, control: mC, displacement: mD, displacementControl: mDc },
      weights: { time: timeWeights, area: areaWeights },
      wdd,
      wddUnweighted,
      wdq,
      eTest,
      controlChoice: controlPick.choice,
      displacementControlChoice: dcPick.choice,
      overTime: { bin: binKind, start: after.from.toISOString(), bins },
      dosage: dosageOf(measure, after),
      excluded: { areaPrecision: excludedAreaPrecision, partnerGeneralised: !viewer.isPolice },
      ...(harm ? { harm } : {}),
      significant: wdd.significant,
      notes: caveats.map((c) => c.sv),
      caveats,
      plain,
    };
    return { measure, result };
  }

  /**
   * E-test of the treated area's post count against the control's, each over its own pre-period count as
   * exposure: H0 "both changed by the same factor". Undefined (p null with a reason) when a pre count or both
   * post counts are 0.
   */
  private eTest(t: Pair, c: Pair): MeasureEvaluation['eTest'] {
    const k1 = t[1];
    const k2 = c[1];
    if (t[0] === 0 || c[0] === 0 || k1 + k2 === 0) return { p: null, k1, k2, n1: t[0], n2: c[0], reason: caveat('etest_undefined') };
    return { p: etest({ k1, k2, n1: t[0], n2: c[0] }).p, k1, k2, n1: t[0], n2: c[0] };
  }

  private drawnChoice(g: AreaGeom, target: number[], series: (a: PreparedArea) => number[]): { geometry: AreaGeom; choice: ControlChoice } {
    const pre = series(prepareArea(g));
    const [ranked] = rankCandidates(target, [{ item: 'drawn', preCounts: pre }]);
    return {
      geometry: g,
      choice: {
        method: 'drawn',
        chosen: { id: 'drawn', name: SOURCE_LABEL.drawn.sv, source: 'drawn' },
        candidates: [{ id: 'drawn', name: SOURCE_LABEL.drawn.sv, source: 'drawn', distance: ranked?.distance ?? 0, preCounts: pre, sizeRatio: 1 }],
        reason: { key: 'control_drawn', sv: 'Jämförelseområdet ritades av användaren.', en: 'The comparison area was drawn by the user.' },
      },
    };
  }

  /** §4: candidates of the same size class not touching T ∪ D, ranked by scaled distance of monthly pre counts. */
  private async choose(
    which: 'control' | 'displacementControl',
    m2: number,
    region: { geometry: AreaGeom; box: { minX: number; minY: number; maxX: number; maxY: number } },
    target: number[],
    series: (a: PreparedArea) => number[],
    allowed: (g: AreaGeom) => boolean,
    k: number,
  ): Promise<{ geometry: AreaGeom | null; choice: ControlChoice }> {
    const cands: AreaCandidate[] = [];
    // Named areas first: on equal distance a district is easier to explain than a disc.
    if (this.deps.areas) {
      for (const level of ['district', 'deso'] as const) {
        for (const vintage of await this.deps.areas.vintagesOf(level)) {
          const metas = (await this.deps.areas.areasAt(level, vintage)).filter((a) => overlapsBox(a.bbox, region.geometry));
          if (metas.length === 0) continue;
          const geoms = await this.deps.areas.geometries(level, vintage, 'wgs');
          for (const a of metas) {
            const g = geoms.get(a.code);
            if (!g || !isAreal(g)) continue;
            const am2 = squareMeters(g);
            if (am2 > m2 * SIZE_CLASS || am2 < m2 / SIZE_CLASS) continue;
            cands.push({ id: `${level}:${a.code}`, name: a.name, source: level, geometry: g, prepared: prepareArea(g), m2: am2 });
          }
        }
      }
    }
    // Equal-size discs on a grid over the region, spaced at least 2.5 radii apart.
    const r = Math.sqrt(m2 / Math.PI);
    const regionM2 = (region.box.maxX - region.box.minX) * (region.box.maxY - region.box.minY);
    const step = Math.max(2.5 * r, Math.sqrt(regionM2 / MAX_DISCS));
    for (const [x, y] of gridCentres(region.box, step)) {
      const g = disc(x, y, r);
      const [lon, lat] = swerefToWgs(x, y);
      cands.push({ id: `disc:${Math.round(x)}:${Math.round(y)}`, name: `Cirkel vid ${lat.toFixed(4)}, ${lon.toFixed(4)}`, source: 'disc', geometry: g, prepared: prepareArea(g), m2 });
    }
    const open = cands.filter((c) => allowed(c.geometry));
    const ranked = rankCandidates(
      target,
      open.map((c) => ({ item: c, preCounts: series(c.prepared) })),
    );
    const best = ranked[0];
    const candidates: ControlCandidate[] = ranked.slice(0, SHOWN_CANDIDATES).map((c) => ({ id: c.item.id, name: c.item.name, source: c.item.source, distance: c.distance, preCounts: [...c.preCounts], sizeRatio: c.item.m2 / m2 }));
    const whatSv = which === 'control' ? 'det behandlade området' : 'förflyttningsområdet';
    const whatEn = which === 'control' ? 'the treated area' : 'the displacement area';
    if (!best)
      return {
        geometry: null,
        choice: { method: 'disc', chosen: null, candidates, reason: { key: 'no_candidate', sv: `Inget jämförelseområde för ${whatSv} hittades.`, en: `No comparison area for ${whatEn} was found.` } },
      };
    if (k > 1) {
      // The k best that do not overlap one another (greedy in rank order).
      const picks = [best];
      for (const c of ranked.slice(1)) {
        if (picks.length >= k) break;
        const box = bboxOfGeoms([c.item.geometry]);
        if (picks.some((p) => boxesOverlap(box, bboxOfGeoms([p.item.geometry])) && turf().booleanIntersects(feature(c.item.geometry), feature(p.item.geometry)))) continue;
        picks.push(c);
      }
      if (picks.length > 1) {
        const merged = turf().union(featureCollection(picks.map((p) => feature(p.item.geometry))));
        if (merged) {
          const geometry = merged.geometry as AreaGeom;
          const mean = series(prepareArea(geometry)).map((v) => v / picks.length);
          const names = picks.map((p) => p.item.name).join(', ');
          return {
            geometry,
            choice: {
              method: best.item.source,
              chosen: { id: picks.map((p) => p.item.id).join('+'), name: names, source: best.item.source },
              members: picks.map((p) => ({ id: p.item.id, name: p.item.name, source: p.item.source })),
              candidates,
              reason: {
                key: 'closest_pre_period_union',
                sv: `De ${picks.length} kandidater vars antal per månad före insatsen ligger närmast ${whatSv} (bland ${ranked.length} som inte rör de behandlade områdena) slogs ihop: ${names}; deras genomsnitt ligger på skalat avstånd ${scaledDistance(target, mean).toFixed(2)}.`,
                en: `The ${picks.length} candidates whose monthly counts before the measure are closest to ${whatEn} (among ${ranked.length} not touching the treated areas) were joined: ${names}; their average lies at scaled distance ${scaledDistance(target, mean).toFixed(2)}.`,
              },
            },
          };
        }
      }
    }
    const src = SOURCE_LABEL[best.item.source];
    return {
      geometry: best.item.geometry,
      choice: {
        method: best.item.source,
        chosen: { id: best.item.id, name: best.item.name, source: best.item.source },
        candidates,
        reason: {
          key: 'closest_pre_period',
          sv: `${best.item.name} (${src.sv}) valdes bland ${ranked.length} kandidater som inte rör de behandlade områdena: dess antal per månad före insatsen ligger närmast ${whatSv} (skalat avstånd ${best.distance.toFixed(2)}).`,
          en: `${best.item.name} (${src.en}) was chosen among ${ranked.length} candidates not touching the treated areas: its monthly counts before the measure are closest to ${whatEn} (scaled distance ${best.distance.toFixed(2)}).`,
        },
      },
    };
  }

  /** The picture's area (stored in SWEREF 99 TM) or, without one, 5 km around the treated area. */
  private async regionBox(pictureId: string, T: AreaGeom): Promise<{ geometry: AreaGeom; box: { minX: number; minY: number; maxX: number; maxY: number } }> {
    const pic = await this.deps.pictures.getPicture(pictureId);
    let box: { minX: number; minY: number; maxX: number; maxY: number } | null = null;
    if (pic?.area) {
      try {
        const g = JSON.parse(pic.area) as AreaGeom;
        if (isAreal(g)) {
          const [minX, minY, maxX, maxY] = bboxOfGeoms([g]);
          if ([minX, minY, maxX, maxY].every(Number.isFinite)) box = { minX, minY, maxX, maxY };
        }
      } catch {
        box = null;
      }
    }
    if (!box) {
      const [a, b, c, d] = bboxOfGeoms([T]);
      const [x0, y0] = wgsToSweref(a, b);
      const [x1, y1] = wgsToSweref(c, d);
      box = { minX: Math.min(x0, x1) - 5000, minY: Math.min(y0, y1) - 5000, maxX: Math.max(x0, x1) + 5000, maxY: Math.max(y0, y1) + 5000 };
    }
    const corners = [swerefToWgs(box.minX, box.minY), swerefToWgs(box.maxX, box.minY), swerefToWgs(box.maxX, box.maxY), swerefToWgs(box.minX, box.maxY)];
    return { box, geometry: { type: 'Polygon', coordinates: [[...corners, corners[0] as [number, number]]] } };
  }

  /** Confirmed incidents as this viewer receives them, through the incidents capability's list. */
  private async seenPoints(viewer: Viewer, bbox: [number, number, number, number], from: Date, to: Date, types: IncidentType[] | null): Promise<SeenPoint[]> {
    const audience = viewer.isPolice ? 'police' : 'partner';
    const page = await this.deps.incidents.list({ bbox, from, to, statuses: ['confirmed'], ...(types ? { types } : {}), limit: MAX_INCIDENTS }, audience);
    if (page.nextCursor) throw appError('UNPROCESSABLE', [`More than ${MAX_INCIDENTS} incidents fall in the areas and periods; choose fewer incident types or shorter periods.`]);
    return page.items.map((r) => seen(r, audience));
  }
}

function seen(r: IncidentRecord, audience: 'police' | 'partner'): SeenPoint {
  if (audience === 'police') return { lon: r.lon, lat: r.lat, t: r.occurredAt.getTime(), type: r.type, areaPrecision: r.locationPrecision === 'area' };
  const p = partnerLocation(r);
  return { lon: p.lon, lat: p.lat, t: partnerOccurredAt(r.occurredAt), type: r.type, areaPrecision: r.locationPrecision === 'area' };
}

function boxesOverlap(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  return !(a[2] < b[0] || a[0] > b[2] || a[3] < b[1] || a[1] > b[3]);
}

function overlapsBox(b: [number, number, number, number], region: AreaGeom): boolean {
  const [a0, a1, a2, a3] = bboxOfGeoms([region]);
  return !(b[2] < a0 || b[0] > a2 || b[3] < a1 || b[1] > a3);
}

/** Monday 00:00 UTC of the week holding `d`. */
function mondayOf(d: Date): Date {
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
}

/** Planned and delivered per ISO week of the after period, from the measure's plan and recorded activities. */
export function dosageOf(measure: Pick<Measure, 'plannedDosage' | 'delivered' | 'startsAt' | 'endsAt'>, after: Period): EvaluationDosage {
  const plan = measure.plannedDosage;
  let perWeek: number | null = null;
  if (plan?.per === 'day') perWeek = plan.amount * 7;
  else if (plan?.per === 'week') perWeek = plan.amount;
  else if (plan?.per === 'total' && measure.endsAt) {
    const weeks = Math.max(1, (new Date(measure.endsAt).getTime() - new Date(measure.startsAt).getTime()) / (7 * DAY_MS));
    perWeek = plan.amount / weeks;
  }
  const byWeek = new Map(measure.delivered.byWeek.map((w) => [w.week, w.amount]));
  const weeks: EvaluationDosage['weeks'] = [];
  for (let m = mondayOf(after.from); m < after.to; m = new Date(m.getTime() + 7 * DAY_MS)) {
    const key = m.toISOString().slice(0, 10);
    weeks.push({ from: m.toISOString(), to: new Date(m.getTime() + 7 * DAY_MS).toISOString(), planned: perWeek, delivered: byWeek.get(key) ?? 0 });
  }
  const deliveredTotal = weeks.reduce((s, w) => s + w.delivered, 0);
  return { planned: plan, unit: plan?.unit ?? measure.delivered.unit, weeks, deliveredTotal, plannedTotal: perWeek === null ? null : perWeek * weeks.length };
}

