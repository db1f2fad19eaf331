/**
 * The RTM engine's pure risk-map pieces other capabilities reuse, so there is one copy of each (evaluation's
 * held-out comparison, evaluation-method.md §6): the coverage and PAI metrics, the grid type, the kernel density.
 * Nothing here reaches I/O (unlike index.ts, which also offers the run store).
 */
export { type CoveragePoint, coverageMetrics, paiCurve } from './core/evaluation.ts';
export type { Grid } from './core/grid.ts';
export { kernelDensity } from './core/variables.ts';
