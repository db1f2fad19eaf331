/**
 * The evaluation API on a real server (SQLite here, PostgreSQL in evaluation.pg.test.ts): calculators, and the
 * evaluation of a measure counted from the incidents each caller may read, with planted markers the partner
 * must never count and a positive control that it counts what it receives.
 */
import booleanIntersects from '@turf/boolean-intersects';
import { feature } from '@turf/helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasureEvaluation } from '../../../shared/src/evaluation.ts';
import { swerefToWgs } from '../../../shared/src/geo/sweref.ts';
import { bearer, createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { bufferGeom } from './core/geometry.ts';

/** A SWEREF 99 TM box as a WGS84 polygon (its corners projected). */
function boxWgs(x0: number, y0: number, x1: number, y1: number) {
  const ring = [swerefToWgs(x0, y0), swerefToWgs(x1, y0), swerefToWgs(x1, y1), swerefToWgs(x0, y1)];
  return { type: 'Polygon' as const, coordinates: [[...ring, ring[0]]] };
}

/** Treated 1 km² in Malmö; controls 6 and 9 km east (outside T ∪ 400 m). Points sit on 250 m cell centres, so the partners' generalised places are the same points. */
const T = boxWgs(374_000, 6_164_000, 375_000, 6_165_000);
const C = boxWgs(380_000, 6_164_000, 381_000, 6_165_000);
const DC = boxWgs(383_000, 6_164_000, 385_000, 6_165_000);
const inT = (i: number) => ({ x: 374_125 + (i % 4) * 250, y: 6_164_125 + (Math.floor(i / 4) % 4) * 250, crs: 'EPSG:3006' });
const inC = (i: number) => ({ x: 380_125 + (i % 4) * 250, y: 6_164_125 + (Math.floor(i / 4) % 4) * 250, crs: 'EPSG:3006' });
const inDc = (i: number) => ({ x: 383_125 + (i % 8) * 250, y: 6_164_375, crs: 'EPSG:3006' });
/** In the ring: 200 m south of T. */
const inD = (i: number) => ({ x: 374_125 + (i % 4) * 250, y: 6_163_875, crs: 'EPSG:3006' });

type Cls = 'partner' | 'police_internal';
function incidents(n: number, where: (i: number) => object, month: string, type: string, classification: Cls, extra: object = {}) {
  return Array.from({ length: n }, (_, i) => ({ where: where(i), month, type, classification, extra, i }));
}
const PLANTED = [
  // Released partner groups (≥ 5 per 10 km cell, month and type).
  ...incidents(10, inT, '02', 'shooting', 'partner'),
  ...incidents(5, inT, '05', 'shooting', 'partner'),
  ...incidents(8, inC, '02', 'shooting', 'partner'),
  ...incidents(9, inC, '05', 'shooting', 'partner'),
  // Police-internal markers: police count them, partners never.
  ...incidents(7, inT, '05', 'shooting', 'police_internal'),
  ...incidents(3, inD, '03', 'explosion', 'police_internal'),
  ...incidents(2, inD, '06', 'explosion', 'police_internal'),
  ...incidents(2, inDc, '03', 'explosion', 'police_internal'),
  ...incidents(2, inDc, '06', 'explosion', 'police_internal'),
  // A partner group of 2 is not released to partners.
  ...incidents(2, inT, '06', 'arson', 'partner'),
  // Area precision: left out of every count, reported.
  ...incidents(1, inT, '02', 'shooting', 'partner', { locationPrecision: 'area' }),
].map((p, k) => ({
  source: 'probe',
  sourceId: `ev-${k}`,
  type: p.type,
  status: 'confirmed',
  classification: p.classification,
  occurredAt: `2026-${p.month}-${String(3 + (p.i % 20)).padStart(2, '0')}T12:${String(p.i % 60).padStart(2, '0')}:00Z`,
  location: p.where,
  description: `SECRET-${p.classification}`,
  ...p.extra,
}));

const PERIODS = { before: { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, after: { from: '2026-04-01T00:00:00Z', to: '2026-07-01T00:00:00Z' } };

async function plantEvaluationData(t: TestApp, tok: Record<string, string>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer(tok.analyst), payload: PLANTED });
  expect(res.statusCode, res.body).toBe(201);
  const mk = async (body: object) => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/pictures/${DEMO_PICTURE_ID}/measures`,
      headers: bearer(tok.commander),
      payload: { kind: 'patrol', target: T, startsAt: '2026-04-01T00:00:00Z', endsAt: '2026-07-01T00:00:00Z', plannedDosage: { amount: 3, unit: 'visit', per: 'week' }, ...body },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const internal = await mk({ title: 'INTERNAL-EVAL', classification: 'police_internal' });
  const shared = await mk({ title: 'SHARED-EVAL', classification: 'partner', sharedWith: ['org-malmo-stad'] });
  const act = await t.app.inject({ method: 'POST', url: `/api/measures/${shared}/activities`, headers: bearer(tok['partner.editor']), payload: { at: '2026-04-08T10:00:00Z', amount: 2 } });
  expect(act.statusCode, act.body).toBe(201);
  return { internal, shared };
}

for (const kind of ['sqlite', 'postgres'] as DbKind[]) {
  describe(`evaluation of measures over HTTP (${kind})`, () => {
    let t: TestApp;
    const tok: Record<string, string> = {};
    let ids: { internal: string; shared: string };

    beforeAll(async () => {
      t = await createTestApp({ kind, with: { collab: {}, incidents: {}, measures: {}, evaluation: {} }, seedSteps: [seedDemoPicture] });
      for (const u of ['analyst', 'commander', 'partner.editor', 'partner.viewer', 'housing.viewer']) tok[u] = await t.login(u);
      ids = await plantEvaluationData(t, tok);
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    const evaluate = (id: string, who: string, body: object = {}) =>
      t.app.inject({ method: 'POST', url: `/api/measures/${id}/evaluation`, headers: bearer(tok[who]), payload: { ...PERIODS, control: C, displacementControl: DC, ...body } });

    it('police count every confirmed incident in T, D, C and Dc, half-open periods, area precision left out', async () => {
      const res = await evaluate(ids.internal, 'commander');
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json() as MeasureEvaluation;
      expect(r.counts).toEqual({ treated: [10, 14], control: [8, 9], displacement: [3, 2], displacementControl: [2, 2] });
      expect(r.excluded).toEqual({ areaPrecision: 1, partnerGeneralised: false });
      expect(r.caveats.map((c) => c.key)).toContain('area_precision_excluded');
      // 10 vs 8 before: levels within chance, so no level caveat; explosions only (T 0 vs C 0) none either.
      expect(r.caveats.map((c) => c.key)).not.toContain('control_level_differs');
      expect(r.classification).toBe('police_internal');
      // Weighted WDD in events of the treated area over the after period: 90 vs 91 days, control 1 km², Dc 2 km².
      expect(r.weights.time[0]).toBeCloseTo(90 / 91, 12);
      expect(r.wdd.inputs.control).toEqual([8, 9]);
      expect(r.wddUnweighted.estLocal).toBe(14 - 10 - (9 - 8));
      expect(r.controlChoice.method).toBe('drawn');
      expect(r.plain.sv).toMatch(/förväntat/);
      expect(r.notes.length).toBe(r.caveats.length);
      // Dosage: planned 3 visits a week over the 14 ISO weeks touching the after period; none recorded here.
      expect(r.dosage.planned).toEqual({ amount: 3, unit: 'visit', per: 'week' });
      expect(r.dosage.weeks.length).toBe(14);
      expect(r.dosage.plannedTotal).toBe(42);
      expect(r.dosage.deliveredTotal).toBe(0);
      // Over time: cumulative after the start equals the post counts.
      const lastAfter = r.overTime.bins.filter((b) => b.phase === 'after').at(-1);
      expect(lastAfter?.cumTreated).toBe(14);
      expect(lastAfter?.cumControl).toBe(9);
      expect(lastAfter?.se).toBeCloseTo(Math.sqrt(23), 12);
      expect(r.overTime.bins.filter((b) => b.phase === 'before').reduce((s, b) => s + b.treated, 0)).toBe(10);
      expect(r.eTest).toMatchObject({ k1: 14, k2: 9, n1: 10, n2: 8 });
      expect(r.eTest.p).toBeGreaterThan(0);
    });

    it('a partner counts only what it receives: released partner groups, never police-internal markers (positive control: its own groups count)', async () => {
      const res = await evaluate(ids.shared, 'partner.viewer');
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json() as MeasureEvaluation;
      expect(r.counts).toEqual({ treated: [10, 5], control: [8, 9], displacement: [0, 0], displacementControl: [0, 0] });
      expect(r.excluded.partnerGeneralised).toBe(true);
      expect(r.caveats.map((c) => c.key)).toContain('partner_generalised');
      expect(res.body).not.toContain('SECRET');
      // The partner's own activity (2 visits on 8 April) is the dosage delivered, in the ISO week of 6 April.
      expect(r.dosage.deliveredTotal).toBe(2);
      expect(r.dosage.weeks.find((w) => w.delivered === 2)?.from).toBe('2026-04-06T00:00:00.000Z');
      // The same measure for police: the markers are there.
      const police = (await evaluate(ids.shared, 'commander')).json() as MeasureEvaluation;
      expect(police.counts.treated).toEqual([10, 14]);
      expect(police.counts.displacement).toEqual([3, 2]);
    });

    it('a partner gets 404 for a police-internal measure, an outsider for a measure not shared with it', async () => {
      expect((await evaluate(ids.internal, 'partner.viewer')).statusCode).toBe(404);
      expect((await evaluate(ids.internal, 'partner.editor')).statusCode).toBe(404);
      expect((await evaluate(ids.shared, 'housing.viewer')).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: `/api/measures/${ids.shared}/evaluation`, payload: PERIODS })).statusCode).toBe(401);
    });

    it('adds per-type WDDs and their harm-weighted total with harm weights', async () => {
      const r = (await evaluate(ids.internal, 'commander', { harmWeights: { shooting: 10, explosion: 2 } })).json() as MeasureEvaluation;
      const [shoot, expl] = r.harm?.items ?? [];
      expect(shoot).toMatchObject({ type: 'shooting', weight: 10, counts: { treated: [10, 12], control: [8, 9], displacement: [0, 0], displacementControl: [0, 0] } });
      expect(expl).toMatchObject({ type: 'explosion', weight: 2, counts: { treated: [0, 0], control: [0, 0], displacement: [3, 2], displacementControl: [2, 2] } });
      expect(r.harm?.result.harmEst).toBeCloseTo(10 * (shoot?.est ?? 0) + 2 * (expl?.est ?? 0), 12);
      expect(r.harm?.result.seHarmEst).toBeCloseTo(Math.sqrt(100 * (shoot?.se ?? 0) ** 2 + 4 * (expl?.se ?? 0) ** 2), 12);
      // A drawn control that touches T is flagged.
      const overlap = (await evaluate(ids.internal, 'commander', { control: T })).json() as MeasureEvaluation;
      expect(overlap.caveats.map((c) => c.key)).toContain('control_overlaps');
      // Dc drawn as the control: 2 events before against T's 10, a level difference beyond chance (8/√12 ≈ 2.3).
      const level = (await evaluate(ids.internal, 'commander', { control: DC })).json() as MeasureEvaluation;
      expect(level.counts.control[0]).toBe(2);
      expect(level.caveats.find((c) => c.key === 'control_level_differs')?.sv).toMatch(/2 händelser före insatsen mot 10/);
      expect(r.caveats.map((c) => c.key)).not.toContain('control_overlaps');
    });

    it('filters by incident type', async () => {
      const r = (await evaluate(ids.internal, 'commander', { incidentTypes: ['explosion'] })).json() as MeasureEvaluation;
      expect(r.counts).toEqual({ treated: [0, 0], control: [0, 0], displacement: [3, 2], displacementControl: [2, 2] });
      expect(r.incidentTypes).toEqual(['explosion']);
    });

    it('chooses a control when none is drawn, away from T ∪ D, and says why among the candidates', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/measures/${ids.internal}/evaluation`, headers: bearer(tok.commander), payload: { ...PERIODS, bin: 'month' } });
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json() as MeasureEvaluation;
      expect(r.controlChoice.method).toBe('disc');
      expect(r.controlChoice.chosen).not.toBeNull();
      expect(r.controlChoice.reason.sv).toMatch(/valdes bland \d+ kandidater/);
      const d = r.controlChoice.candidates.map((c) => c.distance);
      expect(d).toEqual([...d].sort((a, b) => a - b));
      expect(r.controlChoice.candidates[0]?.id).toBe(r.controlChoice.chosen?.id);
      // The chosen control's monthly pre counts are what the evaluation counted before.
      expect(r.controlChoice.candidates[0]?.preCounts.reduce((s, v) => s + v, 0)).toBe(r.counts.control[0]);
      const outer = bufferGeom(T, 400);
      expect(booleanIntersects(feature(r.areas.control as never), feature(outer))).toBe(false);
      expect(booleanIntersects(feature(r.areas.displacementControl as never), feature(outer))).toBe(false);
      expect(r.areaSquareMeters.control / r.areaSquareMeters.treated).toBeCloseTo(1, 2);
      expect(r.caveats.map((c) => c.key)).toContain('control_chosen_automatically');
      expect(r.overTime.bin).toBe('month');
      expect(r.overTime.bins.length).toBe(6);
      // The union of the 3 best disjoint candidates, when asked.
      const u = (await t.app.inject({ method: 'POST', url: `/api/measures/${ids.internal}/evaluation`, headers: bearer(tok.commander), payload: { ...PERIODS, controlCount: 3 } })).json() as MeasureEvaluation;
      expect(u.controlChoice.members).toHaveLength(3);
      expect(u.controlChoice.reason.key).toBe('closest_pre_period_union');
      expect(u.areaSquareMeters.control / u.areaSquareMeters.treated).toBeCloseTo(3, 1);
      expect(booleanIntersects(feature(u.areas.control as never), feature(outer))).toBe(false);
      // Area weights carry the size: the weighted WDD compares rates, so the bigger control does not inflate the estimate.
      expect(u.weights.area[0]).toBeCloseTo(u.areaSquareMeters.control / u.areaSquareMeters.treated, 12);
    });

    it('stores evaluations; who may read one is decided at read time from the measure and the audience it was computed for', async () => {
      const save = async (id: string, who: string) => {
        const r = await evaluate(id, who, { save: true });
        expect(r.statusCode, r.body).toBe(200);
        return r.json().evaluationId as string;
      };
      const get = (url: string, who: string) => t.app.inject({ method: 'GET', url, headers: bearer(tok[who]) });
      const internalEval = await save(ids.internal, 'commander');
      const policeOnShared = await save(ids.shared, 'commander');
      const partnerOnShared = await save(ids.shared, 'partner.editor');

      // Police read every evaluation of measures they read (positive control).
      expect((await get(`/api/evaluations/${internalEval}`, 'commander')).json().result.counts.treated).toEqual([10, 14]);
      expect((await get(`/api/evaluations/${partnerOnShared}`, 'commander')).statusCode).toBe(200);
      // A partner never gets the police-internal measure's evaluation, nor one computed from every incident.
      for (const u of ['partner.viewer', 'partner.editor']) {
        expect((await get(`/api/evaluations/${internalEval}`, u)).statusCode).toBe(404);
        expect((await get(`/api/measures/${ids.internal}/evaluations`, u)).statusCode).toBe(404);
        expect((await get(`/api/evaluations/${policeOnShared}`, u)).statusCode).toBe(404);
      }
      // Its own evaluation counts only partner-readable incidents (positive control: it reads it, with its counts).
      const own = await get(`/api/evaluations/${partnerOnShared}`, 'partner.viewer');
      expect(own.statusCode).toBe(200);
      expect(own.json().result.counts.treated).toEqual([10, 5]);
      expect(own.json().classification).toBe('partner');
      const list = (await get(`/api/measures/${ids.shared}/evaluations`, 'partner.viewer')).json().items as Array<{ id: string }>;
      expect(list.map((e) => e.id)).toEqual([partnerOnShared]);
      expect((await get(`/api/measures/${ids.shared}/evaluations`, 'commander')).json().items).toHaveLength(2);

      // Regional overview: the newest readable evaluation per measure, with dosage beside the effect.
      const police = (await get('/api/evaluations?region=org-po-malmo', 'commander')).json();
      expect(police.items.map((i: { measureId: string }) => i.measureId).sort()).toEqual([ids.internal, ids.shared].sort());
      expect(police.caveats[0].key).toBe('overview_descriptive');
      const partner = await get('/api/evaluations', 'partner.viewer');
      expect(partner.json().items.map((i: { evaluationId: string }) => i.evaluationId)).toEqual([partnerOnShared]);
      expect(partner.json().items[0].dosage.deliveredTotal).toBe(2);
      expect(partner.body).not.toContain('INTERNAL-EVAL');
      expect((await get('/api/evaluations?region=org-bostad-malmo', 'commander')).json().items).toEqual([]);
      expect((await get('/api/evaluations', 'housing.viewer')).json().items).toEqual([]);

      // Unsharing the measure takes the partner's own evaluation away too (checked at read time, not save time).
      const unshare = await t.app.inject({ method: 'PATCH', url: `/api/measures/${ids.shared}`, headers: bearer(tok.commander), payload: { sharedWith: [] } });
      expect(unshare.statusCode, unshare.body).toBe(200);
      expect((await get(`/api/evaluations/${partnerOnShared}`, 'partner.viewer')).statusCode).toBe(404);
      expect((await get('/api/evaluations', 'partner.viewer')).json().items).toEqual([]);
      expect((await get(`/api/evaluations/${partnerOnShared}`, 'commander')).statusCode).toBe(200);
    });

    it('evaluates point, line and multipolygon targets and tiny periods without failing', async () => {
      const targets = [
        { type: 'Point', coordinates: [13.0, 55.6] },
        { type: 'LineString', coordinates: [[13.0, 55.6], [13.004, 55.601]] },
        { type: 'MultiPolygon', coordinates: [T.coordinates, C.coordinates] },
      ];
      for (const target of targets) {
        const m = await t.app.inject({
          method: 'POST',
          url: `/api/pictures/${DEMO_PICTURE_ID}/measures`,
          headers: bearer(tok.commander),
          payload: { title: `odd ${target.type}`, kind: 'patrol', target, classification: 'police_internal', startsAt: '2026-04-01T00:00:00Z' },
        });
        expect(m.statusCode, m.body).toBe(201);
        const id = m.json().id as string;
        for (const body of [
          {},
          { before: { from: '2026-03-31T00:00:00Z', to: '2026-04-01T00:00:00Z' }, after: { from: '2026-04-01T00:00:00Z', to: '2026-04-01T01:00:00Z' } },
          { displacementWidthMeters: 10, bin: 'month' },
        ]) {
          const res = await t.app.inject({ method: 'POST', url: `/api/measures/${id}/evaluation`, headers: bearer(tok.commander), payload: { ...PERIODS, ...body } });
          expect([200, 422], `${target.type} ${JSON.stringify(body)}: ${res.body}`).toContain(res.statusCode);
          if (res.statusCode === 200) {
            const r = res.json() as MeasureEvaluation;
            expect(Number.isFinite(r.wdd.z) || r.wdd.seTotal === 0).toBe(true);
            if (target.type !== 'MultiPolygon') expect(r.caveats.map((c) => c.key)).toContain('target_buffered');
          }
        }
      }
    });

    it('answers bad periods and geometries with 400 and a sentence', async () => {
      const bad = await evaluate(ids.internal, 'commander', { before: { from: '2026-04-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toMatch(/before/);
      expect((await evaluate(ids.internal, 'commander', { control: { type: 'Point', coordinates: [13, 55] } })).statusCode).toBe(400);
      expect((await evaluate(ids.internal, 'commander', { after: { from: 'yesterday', to: 'today!' } })).statusCode).toBe(400);
      for (const control of [
        { type: 'Polygon', coordinates: [1, 2] },
        { type: 'Polygon', coordinates: [[[13, 55], [13.1, 55], [13, 55.1]]] },
        { type: 'Polygon', coordinates: [[[13, 55], [13.1, 55], [13.1, 55.1], [13, 55.2]]] },
        { type: 'MultiPolygon', coordinates: [[['a', 'b']]] },
        { type: 'Polygon', coordinates: [[[13, 55], [13, 55], [13, 55], [13, 55]]] },
        { type: 'Polygon', coordinates: [[[200, 55], [201, 55], [201, 56], [200, 55]]] },
      ]) {
        const res = await evaluate(ids.internal, 'commander', { control });
        expect(res.statusCode, JSON.stringify(control)).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe(`evaluation calculators over HTTP (${kind})`, () => {
    let t: TestApp;
    let tok: string;
    beforeAll(async () => {
      t = await createTestApp({ kind, with: { evaluation: {} } });
      tok = await t.login('partner.viewer');
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });
    const post = (path: string, payload: object, auth = true) => t.app.inject({ method: 'POST', url: `/api/evaluation/${path}`, payload, ...(auth ? { headers: bearer(tok) } : {}) });

    it('WDD answers the Wheeler & Ratcliffe (2018) example with inputs as received and caveats', async () => {
      const res = await post('wdd', { control: [308, 318], treated: [207, 110], displacementControl: [150, 140], displacementTreated: [178, 157], alpha: 0.05 });
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      expect(r).toMatchObject({ estLocal: -107, estDisplace: -11, estTotal: -118, significant: true });
      expect(r.seTotal).toBeCloseTo(Math.sqrt(1568), 12);
      expect(r.inputs.timeWeights).toEqual([1, 1]);
      expect(r.caveats.map((c: { key: string }) => c.key)).toContain('regression_to_mean');
    });

    it('WDD-harm, WDQ and the E-test answer per contract', async () => {
      expect((await post('wdd-harm', { items: [{ est: -10, se: 3, weight: 2 }] })).json()).toMatchObject({ harmEst: -20, seHarmEst: 6 });
      const q = (await post('wdq', { target: [207, 110], buffer: [178, 157], control: [308, 318] })).json();
      expect(q.wdq).toBeCloseTo(0.2582, 4);
      const undef = (await post('wdq', { target: [1, 1], buffer: [1, 1], control: [0, 3] })).json();
      expect(undef.wdq).toBeNull();
      expect(undef.reason.key).toBe('wdq_control_zero');
      expect((await post('etest', { k1: 6, k2: 2 })).json().p).toBeCloseTo(0.1748748, 7);
    });

    it('are described in the OpenAPI document', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/docs/json', headers: bearer(tok) });
      expect(res.statusCode).toBe(200);
      const paths = Object.keys(res.json().paths as object);
      for (const p of ['/api/evaluation/wdd', '/api/evaluation/wdd-harm', '/api/evaluation/wdq', '/api/evaluation/etest']) expect(paths).toContain(p);
    });

    it('refuses undefined and bad inputs: E-test 0,0 → 422; negative counts → 400; no session → 401', async () => {
      const u = await post('etest', { k1: 0, k2: 0 });
      expect(u.statusCode).toBe(422);
      expect(u.json().error.message).toMatch(/k1 \+ k2 = 0/);
      expect((await post('wdd', { control: [-1, 2], treated: [1, 1] })).statusCode).toBe(400);
      expect((await post('wdd', { control: [1, 2], treated: [1, 1], timeWeights: [0, 1] })).statusCode).toBe(400);
      expect((await post('wdd', { control: [1, 2] })).statusCode).toBe(400);
      expect((await post('wdd', { control: [1, 2], treated: [1, 1] }, false)).statusCode).toBe(401);
    });
  });
}
