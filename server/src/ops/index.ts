// Operability: liveness, readiness, metrics and graceful drain (see README, "Operations").
export { type Ops, opsFeature } from './feature.ts';
export { createMetrics, type MetricSources } from './metrics.ts';
