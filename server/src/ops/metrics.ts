import { createRequire } from 'node:module';
import { Gauge, Registry } from 'prom-client';

const require = createRequire(import.meta.url);
type DefaultMetric = (register: Registry, config: { eventLoopMonitoringPrecision: number }) => void;
/**
 * prom-client's default metrics (its collectDefaultMetrics) but the GC duration histogram: that one is fed by a
 * PerformanceObserver, a JavaScript callback after every collection, and with the small young generation `npm start`
 * sets there are hundreds a minute under live editing. Heap sizes and event-loop delay stay.
 */
const DEFAULT_METRICS_BUT_GC = (require('prom-client/lib/defaultMetrics.js') as { metricsList: string[] }).metricsList.filter((m) => m !== 'gc');

function collectDefaultMetricsButGc(register: Registry): void {
  for (const name of DEFAULT_METRICS_BUT_GC) (require(`prom-client/lib/metrics/${name}.js`) as DefaultMetric)(register, { eventLoopMonitoringPrecision: 10 });
}

/** What the process can say about itself when scraped; each read is cheap (counters already held). */
export interface MetricSources {
  connections(): { yjs: number; socketio: number };
  openDocuments(): number;
  updateLog(): { updates: number; oldestMs: number };
  /** In this process, or across processes when the queue is shared (Redis). */
  rtmQueue(): Promise<{ queued: number; running: number }>;
  inFlightRequests(): number;
  draining(): boolean;
}

/**
 * A registry of its own (not prom-client's global one), so every app instance in a test process reports its own
 * figures: the process metrics prom-client collects (CPU, memory, event-loop delay percentiles, handles, GC) and
 * the live core's gauges, read from `sources` at scrape time.
 */
export function createMetrics(sources: MetricSources): Registry {
  const register = new Registry();
  collectDefaultMetricsButGc(register);
  new Gauge({
    name: 'lagesbild_connections',
    help: 'Open live connections in this process, by kind (yjs: layer documents; socketio: live events).',
    labelNames: ['kind'],
    registers: [register],
    collect() {
      const c = sources.connections();
      this.set({ kind: 'yjs' }, c.yjs);
      this.set({ kind: 'socketio' }, c.socketio);
    },
  });
  new Gauge({
    name: 'lagesbild_documents_open',
    help: 'Co-edited documents held in memory by this process.',
    registers: [register],
    collect() {
      this.set(sources.openDocuments());
    },
  });
  new Gauge({
    name: 'lagesbild_update_log_pending_updates',
    help: 'Accepted document edits not yet written to the update log.',
    registers: [register],
    collect() {
      this.set(sources.updateLog().updates);
    },
  });
  new Gauge({
    name: 'lagesbild_update_log_lag_seconds',
    help: 'How long the oldest edit not yet in the update log has waited.',
    registers: [register],
    collect() {
      this.set(sources.updateLog().oldestMs / 1000);
    },
  });
  new Gauge({
    name: 'lagesbild_rtm_queue_depth',
    help: 'RTM runs queued and running: in this process, or in the queue all processes share when REDIS_URL is set.',
    labelNames: ['state'],
    registers: [register],
    async collect() {
      const q = await sources.rtmQueue().catch(() => ({ queued: Number.NaN, running: Number.NaN }));
      this.set({ state: 'queued' }, q.queued);
      this.set({ state: 'running' }, q.running);
    },
  });
  new Gauge({
    name: 'lagesbild_http_requests_in_flight',
    help: 'HTTP requests received and not yet answered.',
    registers: [register],
    collect() {
      this.set(sources.inFlightRequests());
    },
  });
  new Gauge({
    name: 'lagesbild_draining',
    help: '1 while the process drains for shutdown (readiness answers 503).',
    registers: [register],
    collect() {
      this.set(sources.draining() ? 1 : 0);
    },
  });
  return register;
}
