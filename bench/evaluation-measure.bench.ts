/**
 * End-to-end evaluation of a measure over HTTP on SQLite: 20 000 confirmed incidents over Malmö in a year, a
 * 1 km² target, the control chosen automatically (discs over the picture's area), weekly bins.
 * Run: npx tsx bench/evaluation-measure.bench.ts
 */
import { swerefToWgs } from '../shared/src/geo/sweref.ts';
import { createPrng } from '../shared/src/random.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../server/src/pictures/demoPicture.ts';
import { bearer, createTestApp } from '../server/test/harness.ts';

const N = 20_000;
const t = await createTestApp({ with: { collab: {}, incidents: {}, measures: {}, evaluation: {} }, seedSteps: [seedDemoPicture] });
try {
  const analyst = await t.login('analyst');
  const commander = await t.login('commander');
  const rng = createPrng(2026);
  const types = ['shooting', 'explosion', 'arson'];
  for (let start = 0; start < N; start += 1000) {
    const payload = Array.from({ length: 1000 }, (_, k) => {
      const i = start + k;
      const [lon, lat] = swerefToWgs(365_000 + rng.nextFloat() * 20_000, 6_155_000 + rng.nextFloat() * 20_000);
      const day = rng.nextInt(365);
      return {
        source: 'bench',
        sourceId: `b-${i}`,
        type: types[i % 3],
        status: 'confirmed',
        classification: 'police_internal',
        occurredAt: new Date(Date.UTC(2025, 6, 1) + day * 86_400_000 + rng.nextInt(86_400) * 1000).toISOString(),
        location: { type: 'Point', coordinates: [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] },
      };
    });
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer(analyst), payload });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  const ring = [swerefToWgs(374_000, 6_164_000), swerefToWgs(375_000, 6_164_000), swerefToWgs(375_000, 6_165_000), swerefToWgs(374_000, 6_165_000)];
  const m = await t.app.inject({
    method: 'POST',
    url: `/api/pictures/${DEMO_PICTURE_ID}/measures`,
    headers: bearer(commander),
    payload: { title: 'Bench', kind: 'patrol', target: { type: 'Polygon', coordinates: [[...ring, ring[0]]] }, classification: 'police_internal', startsAt: '2026-01-01T00:00:00Z' },
  });
  const id = m.json().id as string;
  const body = { before: { from: '2025-07-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, after: { from: '2026-01-01T00:00:00Z', to: '2026-07-01T00:00:00Z' } };
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const res = await t.app.inject({ method: 'POST', url: `/api/measures/${id}/evaluation`, headers: bearer(commander), payload: body });
    const ms = performance.now() - t0;
    const r = res.json();
    process.stdout.write(`evaluation (auto control, ${r.controlChoice?.candidates?.length ?? 0} shown of its candidates): ${res.statusCode} in ${ms.toFixed(0)} ms; counts ${JSON.stringify(r.counts)}\n`);
  }
} finally {
  await t.close();
}
