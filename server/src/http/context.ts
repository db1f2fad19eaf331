/** Moved to server/src/context.ts; kept until the last importers move. */
export type { AppContext } from '../context.ts';
