/**
 * Incident → risk.updated latency: from `POST /api/incidents` returning to subscribed socket.io clients receiving
 * `risk.updated`, on a 1 000 000-cell near-repeat surface, with 50 clients connected (all on loopback).
 *
 * Run: npx tsx bench/incident-latency.bench.ts [iterations=300]
 *
 * Setup: the demo picture (Malmö, ~11.6 × 10.3 km) with `cellSizeM: 10` → 1164 × 1034 ≈ 1.2 M cells;
 * 12 background confirmed shootings (active zones); 50 clients in a separate process (forked): 30 police
 * commanders and 10 duty officers (full audience), 10 partner viewers (generalised). Each iteration posts one
 * confirmed shooting at a random place (measured), then retracts it (not measured), so the active zone count
 * stays realistic. Times are absolute (performance.timeOrigin + now) so both processes share one clock.
 * Bounded: fixed iteration count, every wait has a timeout.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';

const CLIENTS = { commander: 30, duty: 10, 'partner.viewer': 10 } as const;
const PICTURE = 'pic-malmo';
const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------------------
// Client process: connects the 50 sockets, answers "when did every client have its n-th risk.updated".

async function clientProcess(base: string, tokens: Record<string, string>): Promise<void> {
  const clients: Array<{ socket: Socket; times: number[] }> = [];
  const waiting: Array<{ n: number }> = [];
  const check = () => {
    for (let k = waiting.length - 1; k >= 0; k--) {
      const { n } = waiting[k];
      if (clients.every((c) => c.times.length >= n)) {
        waiting.splice(k, 1);
        const times = clients.map((c) => c.times[n - 1]);
        process.send!({ type: 'arrived', n, first: times[0], last: Math.max(...times) });
      }
    }
  };
  for (const [user, count] of Object.entries(CLIENTS)) {
    for (let i = 0; i < count; i++) {
      const socket = io(base, { auth: { token: tokens[user] }, transports: ['websocket'], reconnection: false, forceNew: true });
      const c = { socket, times: [] as number[] };
      socket.on('risk.updated', () => {
        c.times.push(now());
        check();
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit('picture:join', { pictureId: PICTURE }, resolve));
      if (!ack.ok) throw new Error(`join failed for ${user}`);
      clients.push(c);
    }
  }
  process.on('message', (m: { type: string; n?: number }) => {
    if (m.type === 'wait') {
      waiting.push({ n: m.n! });
      check();
    } else if (m.type === 'counts') {
      process.send!({ type: 'counts', counts: clients.map((c) => c.times.length) });
    } else if (m.type === 'exit') {
      for (const c of clients) c.socket.close();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready' });
}

// ---------------------------------------------------------------------------------------------------------
// Main process: server + poster.

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

async function main(): Promise<void> {
  const iterations = Math.max(10, Math.min(5_000, Number(process.argv[2] ?? 300)));
  const warmup = 20;
  const { bearer, createTestApp } = await import('../server/test/harness.ts');
  const { collabFeature } = await import('../server/src/collab/feature.ts');
  const { incidentsFeature, incidentsOf } = await import('../server/src/incidents/feature.ts');
  const { seedDemoPicture } = await import('../server/src/pictures/demoPicture.ts');
  const t = await createTestApp({ features: [collabFeature(), incidentsFeature()], seedSteps: [seedDemoPicture] });
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const tokens: Record<string, string> = {};
  for (const u of Object.keys(CLIENTS)) tokens[u] = await t.login(u);
  const cfg = await fetch(`${base}/api/pictures/${PICTURE}/risk/config`, {
    method: 'PUT',
    headers: { ...bearer(tokens.commander), 'content-type': 'application/json' },
    body: JSON.stringify({ cellSizeM: 10 }),
  });
  if (cfg.status !== 200) throw new Error(`config: ${cfg.status} ${await cfg.text()}`);
  const st = (await incidentsOf(t.ctx)!.risk.state(PICTURE))!;
  const cells = st.grid.cols * st.grid.rows;

  const child = fork(fileURLToPath(import.meta.url), ['--clients', base, JSON.stringify(tokens)], { execArgv: ['--import', 'tsx'] });
  const inbox: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  child.on('message', (m: Record<string, unknown>) => {
    inbox.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const receive = (pred: (m: Record<string, unknown>) => boolean, timeoutMs = 10_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => {
        done = true;
        reject(new Error(`the client process did not answer in time (inbox: ${JSON.stringify(inbox).slice(0, 300)})`));
      }, timeoutMs);
      const look = () => {
        if (done) return;
        const k = inbox.findIndex(pred);
        if (k >= 0) {
          done = true;
          clearTimeout(timer);
          resolve(inbox.splice(k, 1)[0]);
        } else waiters.push(look);
      };
      look();
    });
  await receive((m) => m.type === 'ready', 60_000);

  let seq = 0;
  const rand = (a: number, b: number) => a + Math.random() * (b - a);
  const post = async (body: unknown) => {
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
  for (let i = 0; i < 12; i++) await post(shooting());
  await incidentsOf(t.ctx)!.risk.idle();
  child.send({ type: 'counts' });
  const counts = (await receive((m) => m.type === 'counts')).counts as number[];
  let n = Math.min(...counts);

  const postMs: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  const fromSent: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    n++;
    child.send({ type: 'wait', n });
    const t0 = now();
    const res = await post(shooting());
    const t1 = now();
    const want = n;
    const a = await receive((m) => m.type === 'arrived' && m.n === want);
    if (i >= warmup) {
      postMs.push(t1 - t0);
      first.push(Math.max(0, (a.first as number) - t1));
      last.push(Math.max(0, (a.last as number) - t1));
      fromSent.push((a.last as number) - t0);
    }
    n++;
    child.send({ type: 'wait', n });
    const rr = await fetch(`${base}/api/incidents/${res.items[0].id}/retract`, { method: 'POST', headers: bearer(tokens.duty) });
    if (rr.status !== 200) throw new Error(`retract ${rr.status}: ${await rr.text()}`);
    const want2 = n;
    await receive((m) => m.type === 'arrived' && m.n === want2);
  }
  const mem = process.memoryUsage();
  process.stdout.write(
    [
      `near-repeat grid: ${st.grid.cols} × ${st.grid.rows} = ${cells.toLocaleString('en')} cells of ${st.grid.cellSize} m; 50 socket.io clients in a second process (3 audiences); ${iterations} posts after ${warmup} warm-up`,
      `POST /api/incidents round trip (validation, DB transaction, in-memory risk update, audit): ${fmt(postMs)}`,
      `POST returned → first police client has risk.updated: ${fmt(first)}`,
      `POST returned → all 50 clients have risk.updated:    ${fmt(last)}`,
      `POST sent → all 50 clients have risk.updated:        ${fmt(fromSent)}`,
      `server process RSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB`,
      '',
    ].join('\n'),
  );
  child.send({ type: 'exit' });
  await t.close();
}

if (process.argv[2] === '--clients') {
  clientProcess(process.argv[3], JSON.parse(process.argv[4])).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
