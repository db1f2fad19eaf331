/**
 * Incident → risk.updated latency: from `POST /api/incidents` returning to subscribed socket.io clients receiving
 * `risk.updated`, on a 1 000 000-cell near-repeat surface, with 50 clients connected (all on loopback).
 *
 * Run: npx tsx bench/incident-latency.bench.ts [iterations=300]
 *
 * Setup: the demo picture (Malmö, ~11.6 × 10.3 km) with `cellSizeM: 10` → 1164 × 1034 ≈ 1.2 M cells (the
 * partner products sit on their own 250 m grid); 12 police-internal and 6 partner background shootings (active
 * zones); 50 clients of mixed audiences in a separate process (forked): 20 commanders and 10 duty officers
 * (police products), 10 partner viewers and 10 partner editors of Malmö stad (partner products). Each iteration:
 *   1. posts a `partner`-classified confirmed shooting at a random place (measured: every one of the 50 clients
 *      must get `risk.updated`, police from the police products and partners from the partner products, so both
 *      are recomputed), then retracts it (not measured);
 *   2. posts a police-internal shooting (measured for the 30 police clients), then retracts it.
 * At the end the partner clients must hold exactly as many `risk.updated` as there were partner changes: a
 * police-internal incident reaching a partner fails the run. Times are absolute (performance.timeOrigin + now)
 * so both processes share one clock. Bounded: fixed iteration count, every wait has a timeout.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';

const CLIENTS = { commander: 20, duty: 10, 'partner.viewer': 10, 'partner.editor': 10 } as const;
const PARTNER_USERS: ReadonlySet<string> = new Set(['partner.viewer', 'partner.editor']);
const PICTURE = 'pic-malmo';
const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------------------
// Client process: connects the 50 sockets, answers "when did every client have its n-th risk.updated".

async function clientProcess(base: string, tokens: Record<string, string>): Promise<void> {
  const clients: Array<{ socket: Socket; times: number[]; partner: boolean }> = [];
  // "Police clients have their np-th and partner clients their nq-th risk.updated."
  const waiting: Array<{ np: number; nq: number }> = [];
  const check = () => {
    for (let k = waiting.length - 1; k >= 0; k--) {
      const { np, nq } = waiting[k];
      const want = (c: (typeof clients)[number]) => (c.partner ? nq : np);
      if (clients.every((c) => c.times.length >= want(c))) {
        waiting.splice(k, 1);
        const times = clients.map((c) => c.times[want(c) - 1]);
        process.send!({ type: 'arrived', np, nq, first: times[0], last: Math.max(...times) });
      }
    }
  };
  for (const [user, count] of Object.entries(CLIENTS)) {
    for (let i = 0; i < count; i++) {
      const socket = io(base, { auth: { token: tokens[user] }, transports: ['websocket'], reconnection: false, forceNew: true });
      const c = { socket, times: [] as number[], partner: PARTNER_USERS.has(user) };
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
  process.on('message', (m: { type: string; np?: number; nq?: number }) => {
    if (m.type === 'wait') {
      waiting.push({ np: m.np!, nq: m.nq! });
      check();
    } else if (m.type === 'counts') {
      process.send!({ type: 'counts', police: clients.filter((c) => !c.partner).map((c) => c.times.length), partner: clients.filter((c) => c.partner).map((c) => c.times.length) });
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
  const { seedDemoPicture } = await import('../server/src/pictures/demoPicture.ts');
  const t = await createTestApp({ with: { collab: {}, incidents: {} }, seedSteps: [seedDemoPicture] });
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const tokens: Record<string, string> = {};
  for (const u of Object.keys(CLIENTS)) tokens[u] = await t.login(u);
  const cfg = await fetch(`${base}/api/pictures/${PICTURE}/risk/config`, {
    method: 'PUT',
    headers: { ...bearer(tokens.commander), 'content-type': 'application/json' },
    body: JSON.stringify({ cellSizeM: 10 }),
  });
  if (cfg.status !== 200) throw new Error(`config: ${cfg.status} ${await cfg.text()}`);
  const st = (await t.caps.risk!.state(PICTURE))!;
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
  const shooting = (classification: 'partner' | 'police_internal') => ({
    source: 'bench',
    sourceId: `b-${seq++}`,
    type: 'shooting',
    status: 'confirmed',
    classification,
    occurredAt: new Date(Date.now() - rand(0, 10) * 86_400_000).toISOString(),
    location: { type: 'Point', coordinates: [rand(12.93, 13.09), rand(55.55, 55.63)] },
  });
  for (let i = 0; i < 18; i++) await post(shooting(i < 12 ? 'police_internal' : 'partner'));
  await t.caps.risk!.idle();
  await new Promise((r) => setTimeout(r, 500));
  child.send({ type: 'counts' });
  const counts = await receive((m) => m.type === 'counts');
  let np = Math.min(...(counts.police as number[]));
  let nq = Math.min(...(counts.partner as number[]));
  const partnerBaseline = Math.max(...(counts.partner as number[]));

  /** Posts (or retracts) and resolves when police have their np-th and partners their nq-th risk.updated. */
  const step = async (send: () => Promise<string | null>, partnerToo: boolean) => {
    np++;
    if (partnerToo) nq++;
    const [wp, wq] = [np, nq];
    child.send({ type: 'wait', np: wp, nq: wq });
    const t0 = now();
    const id = await send();
    const t1 = now();
    const a = await receive((m) => m.type === 'arrived' && m.np === wp && m.nq === wq);
    return { id, t0, t1, first: a.first as number, last: a.last as number };
  };
  const retract = async (id: string) => {
    const rr = await fetch(`${base}/api/incidents/${id}/retract`, { method: 'POST', headers: bearer(tokens.duty) });
    if (rr.status !== 200) throw new Error(`retract ${rr.status}: ${await rr.text()}`);
    return null;
  };

  const postMs: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  const fromSent: number[] = [];
  const policeOnly: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const a = await step(async () => (await post(shooting('partner'))).items[0].id, true);
    if (i >= warmup) {
      postMs.push(a.t1 - a.t0);
      first.push(Math.max(0, a.first - a.t1));
      last.push(Math.max(0, a.last - a.t1));
      fromSent.push(a.last - a.t0);
    }
    await step(() => retract(a.id!), true);
    const b = await step(async () => (await post(shooting('police_internal'))).items[0].id, false);
    if (i >= warmup) policeOnly.push(Math.max(0, b.last - b.t1));
    await step(() => retract(b.id!), false);
  }
  // Every partner client must hold exactly the partner changes: nothing from the police-internal posts.
  await t.caps.risk!.idle();
  await new Promise((r) => setTimeout(r, 500));
  child.send({ type: 'counts' });
  const end = await receive((m) => m.type === 'counts');
  const partnerExtra = Math.max(...(end.partner as number[])) - partnerBaseline - 2 * (warmup + iterations);
  if (partnerExtra !== 0) throw new Error(`partner clients got ${partnerExtra} risk.updated more than the partner changes: a police-internal change reached them`);
  const mem = process.memoryUsage();
  process.stdout.write(
    [
      `near-repeat grid: ${st.grid.cols} × ${st.grid.rows} = ${cells.toLocaleString('en')} cells of ${st.grid.cellSize} m (partner grid ${st.partner.grid.cols} × ${st.partner.grid.rows} of ${st.partner.grid.cellSize} m); 50 socket.io clients in a second process (30 police, 20 partner); ${iterations} partner + ${iterations} police-internal posts after ${warmup} + ${warmup} warm-up`,
      `POST /api/incidents round trip (partner shooting; validation, DB transaction, in-memory risk update, audit): ${fmt(postMs)}`,
      `partner shooting: POST returned → first police client has risk.updated: ${fmt(first)}`,
      `partner shooting: POST returned → all 50 clients have risk.updated:    ${fmt(last)}`,
      `partner shooting: POST sent → all 50 clients have risk.updated:        ${fmt(fromSent)}`,
      `police-internal shooting: POST returned → all 30 police clients have risk.updated: ${fmt(policeOnly)}`,
      'partner clients received no risk.updated from police-internal posts: yes',
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
