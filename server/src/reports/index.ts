/**
 * The reports capability's public interface. Everything else under server/src/reports is internal (the
 * composition root also imports feature.ts).
 */
export type { Reports as ReportService } from './service.ts';
