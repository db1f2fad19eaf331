/**
 * Incident → risk.updated latency: from `POST /api/incidents` returning to subscribed socket.io clients receiving
 * `risk.updated`, on a 1 000 000-cell near-repeat surface, with 50 clients connected (all on loopback).
 *
 * Run: npx tsx bench/incident-latency.bench.ts [iterations=300]
 *
 * Setup: the demo picture (Malmö, ~11.4 × 10 km) with `cellSizeM: 10` → 1140 × 1000 = 1 140 000 cells;
 * 12 background confirmed shootings (active zones); 50 clients: 30 police commanders, 10 duty officers (both
 * full audience), 10 partner viewers (generalised). Each iteration posts one confirmed shooting at a random
 * place (measured), then retracts it (not measured), so the active zone count stays realistic.
 * Bounded: fixed iteration count, every wait has a timeout.
 */
import { bearer, createTestApp } from '../server/test/harness.ts';
import { collabFeature } from '../server/src/collab/feature.ts';
import { incidentsFeature, incidentsOf } from '../server/src/incidents/feature.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../server/src/pictures/demoPicture.ts';
import { io, type Socket } from 'socket.io-client';

const ITERATIONS = Math.max(10, Math.min(5_000, Number(process.argv[2] ?? 300)));
const WARMUP = 20;
const CLIENTS = { commander: 30, duty: 10, 'partner.viewer': 10 } as const;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

async function main(): Promise<void> {
  const t = await createTestApp({ features: [collabFeature(), incidentsFeature()], seedSteps: [seedDemoPicture] });
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const tokens: Record<string, string> = {};
  for (const u of ['commander', 'duty', 'partner.viewer']) tokens[u] = await t.login(u);
  const cfg = await fetch(`${base}/api/pictures/${DEMO_PICTURE_ID}/risk/config`, {
    method: 'PUT',
    headers: { ...bearer(tokens.commander), 'content-type': 'application/json' },
    body: JSON.stringify({ cellSizeM: 10 }),
  });
  if (cfg.status !== 200) throw new Error(`config: ${cfg.status} ${await cfg.text()}`);
  const st = (await incidentsOf(t.ctx)!.risk.state(DEMO_PICTURE_ID))!;
  const cells = st.grid.cols * st.grid.rows;

  // Light clients: count risk.updated and note arrival times; nothing is retained (no GC pressure from the bench).
  interface Counter {
    socket: Socket;
    count: number;
    waiter: { n: number; resolve: (t: number) => void } | null;
  }
  const clients: Counter[] = [];
  for (const [user, n] of Object.entries(CLIENTS)) {
    for (let i = 0; i < n; i++) {
      const socket = io(base, { auth: { token: tokens[user] }, transports: ['websocket'], reconnection: false, forceNew: true });
      const c: Counter = { socket, count: 0, waiter: null };
      socket.on('risk.updated', () => {
        c.count++;
        if (c.waiter && c.count >= c.waiter.n) {
          const w = c.waiter;
          c.waiter = null;
          w.resolve(performance.now());
        }
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit('picture:join', { pictureId: DEMO_PICTURE_ID }, resolve));
      if (!ack.ok) throw new Error(`join failed for ${user}`);
      clients.push(c);
    }
  }

  let seq = 0;
  const rand = (a: number, b: number) => a + Math.random() * (b - a);
  const postJson = async (body: unknown) => {
    const r = await fetch(`${base}/api/incidents`, { method: 'POST', headers: { ...bearer(tokens.duty), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`POST ${r.status}: ${await r.text()}`);
    return (await r.json()) as { items: Array<{ id: string }> };
  };
  const shooting = () => ({
    source: 'bench',
    sourceId: `b-${seq++}`,
    type: 'shooting',
    status: 'confirmed',
    occurredAt: new Date(Date.now() - rand(0, 10) * 86_400_000).toISOString(),
    location: { type: 'Point', coordinates: [rand(12.93, 13.09), rand(55.55, 55.63)] },
  });
  /** Resolves with the arrival time of the client's n-th risk.updated (5 s timeout). */
  const arrival = (c: Counter, n: number) =>
    new Promise<number>((resolve, reject) => {
      if (c.count >= n) return resolve(performance.now());
      const timer = setTimeout(() => reject(new Error('risk.updated did not arrive within 5 s')), 5_000);
      c.waiter = {
        n,
        resolve: (t) => {
          clearTimeout(timer);
          resolve(t);
        },
      };
    });

  for (let i = 0; i < 12; i++) await postJson(shooting());
  await incidentsOf(t.ctx)!.risk.idle();

  const first: number[] = [];
  const last: number[] = [];
  const fromStart: number[] = [];
  const postMs: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    // Timestamp each client's arrival as it happens.
    const arrivals = clients.map((c) => arrival(c, c.count + 1));
    const t0 = performance.now();
    const res = await postJson(shooting());
    const t1 = performance.now();
    const times = await Promise.all(arrivals);
    if (i >= WARMUP) {
      postMs.push(t1 - t0);
      first.push(Math.max(0, times[0] - t1));
      last.push(Math.max(0, Math.max(...times) - t1));
      fromStart.push(Math.max(...times) - t0);
    }
    // Retract (not measured) and let its events drain.
    const drained = clients.map((c) => arrival(c, c.count + 1));
    await fetch(`${base}/api/incidents/${res.items[0].id}/retract`, { method: 'POST', headers: bearer(tokens.duty) });
    await Promise.all(drained);
  }
  const mem = process.memoryUsage();
  process.stdout.write(
    [
      `near-repeat grid: ${st.grid.cols} × ${st.grid.rows} = ${cells.toLocaleString('en')} cells of ${st.grid.cellSize} m; 50 socket.io clients (3 audiences); ${ITERATIONS} posts after ${WARMUP} warm-up`,
      `POST /api/incidents (incl. DB write + in-memory risk update): ${fmt(postMs)}`,
      `POST returned → first police client has risk.updated: ${fmt(first)}`,
      `POST returned → all 50 clients have risk.updated:    ${fmt(last)}`,
      `POST sent → all 50 clients have risk.updated:        ${fmt(fromStart)}`,
      `server process RSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB (bench, server and clients in one process)`,
      '',
    ].join('\n'),
  );
  for (const c of clients) c.socket.close();
  await t.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
