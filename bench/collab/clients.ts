import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * Load generator for the collaboration benchmark: a child process of run.ts, driven over IPC. It opens
 * `clientsPerDoc` stock y-websocket `WebsocketProvider` clients on each of its documents, measures
 * connect time (provider created → synced), then runs timed phases in which one writer per document
 * (client 0) writes a timestamp into a Y.Map at a fixed interval and every other client of the document
 * records how long the edit took to reach it. All clients of one document live in the same process, so
 * the latency is measured on one monotonic clock.
 */
export type ServerKind = 'ours' | 'ref' | 'hocuspocus';

export interface StartMessage {
  type: 'start';
  kind: ServerKind;
  /** ws://127.0.0.1:<port> */
  wsBase: string;
  /** Layer ids; the room is `layer:<id>` on every server. */
  docs: string[];
  clientsPerDoc: number;
  token: string;
  connectTimeoutMs: number;
  /**
   * Several server processes (scale.ts): client i of a document connects to wsBases[i % n], so the writer
   * (client 0) is on the first and its readers are spread over all; `wsBase` is then unused.
   */
  wsBases?: string[];
}

export interface PhaseMessage {
  type: 'phase';
  intervalMs: number;
  durationMs: number;
  drainMs: number;
}

export type ToClients = StartMessage | PhaseMessage | { type: 'stop' };

export interface ConnectedReport {
  type: 'connected';
  clients: number;
  synced: number;
  /** Per client, provider created → first `sync` (ms). */
  connectMs: number[];
  wallMs: number;
  reconnects: number;
}

export interface PhaseReport {
  type: 'phaseResult';
  edits: number;
  deliveries: number;
  expected: number;
  /** Fan-out latency of every delivery, ms, rounded to 0.01. */
  latencies: number[];
  /** With wsBases: the deliveries to clients on another process than the writer. */
  crossLatencies: number[];
  /** This process's own event-loop delay during the phase (p99, ms): a bound on measurement noise. */
  eventLoopP99Ms: number;
  cpuPercent: number;
  reconnects: number;
}

export type FromClients = ConnectedReport | PhaseReport | { type: 'error'; message: string };

const send = (m: FromClients) => process.send?.(m);

/**
 * @hocuspocus/server speaks the y-websocket protocol with a document-name prefix on every message, an
 * authentication message before anything else, and a few extra message types. This shim lets the same
 * stock WebsocketProvider talk to it: it prefixes outgoing frames, sends the (empty) token first, maps
 * SyncReply (4) to Sync (0), and drops Authenticated (2) and SyncStatus (8) acknowledgements.
 */
function hocuspocusSocket(docName: string) {
  const prefixEnc = encoding.createEncoder();
  encoding.writeVarString(prefixEnc, docName);
  const prefix = encoding.toUint8Array(prefixEnc);
  return class HocuspocusSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    binaryType = 'arraybuffer';
    onopen: ((ev: unknown) => void) | null = null;
    onmessage: ((ev: { data: Uint8Array }) => void) | null = null;
    onclose: ((ev: unknown) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    private readonly ws: WebSocket;

    constructor(url: string) {
      this.ws = new WebSocket(url);
      this.ws.binaryType = 'arraybuffer';
      this.ws.onopen = (ev) => {
        const e = encoding.createEncoder();
        encoding.writeVarString(e, docName);
        encoding.writeVarUint(e, 2); // Auth
        encoding.writeVarUint(e, 0); // Token
        encoding.writeVarString(e, '');
        this.ws.send(encoding.toUint8Array(e));
        this.onopen?.(ev);
      };
      this.ws.onmessage = (ev) => {
        const buf = new Uint8Array(ev.data as ArrayBuffer);
        const d = decoding.createDecoder(buf);
        decoding.readVarString(d);
        const at = d.pos;
        const type = buf[at];
        if (type === 2 || type === 8) return;
        let body = buf.subarray(at);
        if (type === 4) {
          body = body.slice();
          body[0] = 0;
        }
        this.onmessage?.({ data: body });
      };
      this.ws.onclose = (ev) => this.onclose?.(ev);
      this.ws.onerror = (ev) => this.onerror?.(ev);
    }

    get readyState(): number {
      return this.ws.readyState;
    }

    send(data: Uint8Array): void {
      const out = new Uint8Array(prefix.length + data.length);
      out.set(prefix, 0);
      out.set(data, prefix.length);
      this.ws.send(out);
    }

    close(): void {
      this.ws.close();
    }
  };
}

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  map: Y.Map<unknown>;
}

let clients: Client[][] = [];
let reconnects = 0;
/** Set by a running phase: receives latencies (cross: the receiver is on another process than the writer). */
let recorder: ((ms: number, cross: boolean) => void) | null = null;

function connect(m: StartMessage): Promise<void> {
  const t0 = performance.now();
  const connectMs: number[] = [];
  let syncedCount = 0;
  const total = m.docs.length * m.clientsPerDoc;
  clients = m.docs.map((layerId) => {
    const room = `layer:${layerId}`;
    const out: Client[] = [];
    for (let i = 0; i < m.clientsPerDoc; i++) {
      const doc = new Y.Doc();
      const created = performance.now();
      const wsBase = m.wsBases ? m.wsBases[i % m.wsBases.length] : m.wsBase;
      const cross = m.wsBases ? i % m.wsBases.length !== 0 : false;
      const provider =
        m.kind === 'hocuspocus'
          ? new WebsocketProvider(m.wsBase, room, doc, {
              WebSocketPolyfill: hocuspocusSocket(room) as unknown as typeof globalThis.WebSocket,
              disableBc: true,
              maxBackoffTime: 2_000,
            })
          : new WebsocketProvider(`${wsBase}/yjs`, room, doc, {
              params: m.kind === 'ours' ? { token: m.token } : {},
              WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
              disableBc: true,
              maxBackoffTime: 2_000,
            });
      let first = true;
      provider.on('sync', (isSynced: boolean) => {
        if (!isSynced || !first) return;
        first = false;
        connectMs.push(performance.now() - created);
        syncedCount++;
      });
      provider.on('connection-close', () => {
        reconnects++;
      });
      const map = doc.getMap('bench');
      map.observe((ev) => {
        if (ev.transaction.local || !recorder) return;
        const v = map.get('e') as { t: number } | undefined;
        if (v) recorder(performance.now() - v.t, cross);
      });
      out.push({ doc, provider, map });
    }
    return out;
  });
  return new Promise((resolve) => {
    const check = () => {
      const elapsed = performance.now() - t0;
      if (syncedCount >= total || elapsed > m.connectTimeoutMs) {
        send({ type: 'connected', clients: total, synced: syncedCount, connectMs, wallMs: elapsed, reconnects });
        resolve();
        return;
      }
      setTimeout(check, 20);
    };
    check();
  });
}

async function runPhase(p: PhaseMessage): Promise<void> {
  const latencies: number[] = [];
  const crossLatencies: number[] = [];
  let deliveries = 0;
  let edits = 0;
  let expected = 0;
  const reconnectsBefore = reconnects;
  const phaseStart = performance.now();
  recorder = (ms, cross) => {
    deliveries++;
    latencies.push(Math.round(ms * 100) / 100);
    if (cross) crossLatencies.push(Math.round(ms * 100) / 100);
  };
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const cpu0 = process.cpuUsage();
  const timers: NodeJS.Timeout[] = [];
  let seq = 0;
  const stopAt = phaseStart + p.durationMs;
  for (const group of clients) {
    const writer = group[0];
    if (!writer) continue;
    const receivers = group.length - 1;
    const edit = () => {
      if (performance.now() >= stopAt) return;
      writer.map.set('e', { s: ++seq, t: performance.now() });
      edits++;
      expected += receivers;
    };
    // Writers are spread over the interval so that documents do not all edit in the same millisecond.
    const offset = Math.random() * p.intervalMs;
    timers.push(
      setTimeout(() => {
        edit();
        timers.push(setInterval(edit, p.intervalMs));
      }, offset),
    );
  }
  await new Promise((r) => setTimeout(r, p.durationMs));
  for (const t of timers) clearTimeout(t);
  await new Promise((r) => setTimeout(r, p.drainMs));
  recorder = null;
  h.disable();
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - phaseStart;
  send({
    type: 'phaseResult',
    edits,
    deliveries,
    expected,
    latencies,
    crossLatencies,
    eventLoopP99Ms: h.percentile(99) / 1e6,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    reconnects: reconnects - reconnectsBefore,
  });
}

function stop(code: number): never {
  for (const group of clients) for (const c of group) c.provider.destroy();
  process.exit(code);
}

process.on('message', (m: ToClients) => {
  const run = async () => {
    if (m.type === 'start') await connect(m);
    else if (m.type === 'phase') await runPhase(m);
    else stop(0);
  };
  run().catch((err: unknown) => {
    send({ type: 'error', message: String((err as Error)?.stack ?? err) });
    stop(1);
  });
});
process.on('disconnect', () => stop(0));
process.on('SIGTERM', () => stop(0));
// Never outlive a benchmark run.
setTimeout(() => stop(2), Number(process.env.BENCH_MAX_LIFETIME_MS ?? 20 * 60_000)).unref();
