import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full, compacting collection right after start-up. Loading the application (modules, migrations, schema
 * compilation, the first queries) leaves some 15 MB of garbage in the old generation that nothing would make V8
 * collect for a long time; left there, it is resident memory, and whenever V8 finally collects it — during the first
 * busy minutes, typically — that collection costs more than it does now, with nothing waiting (issue 14).
 *
 * `gc` is taken from a fresh context, so the application's own global scope never gets one.
 */
export function collectStartupGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}
