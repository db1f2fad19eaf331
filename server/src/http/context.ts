export type { AppContext } from '../context.ts';
