import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { checkAuthorship } from '../../server/src/collab/authorship.ts';
import { scanUpdate } from '../../server/src/collab/updateScan.ts';

/**
 * Cost of the checks an incoming update passes before it is applied (scan + authorship), against the update's
 * size (issue 14). The worst case for the key resolution: n string values each naming the previous one as its
 * origin (a chain of overwrites of one map key), which a check following every chain from its start costs
 * O(n²). Also one ordinary edit (one map set), as every writer sends them. CPU time of this process.
 *
 *   npx tsx bench/collab/authorship.bench.ts
 */
function chain(n: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, n);
  encoding.writeVarUint(e, 7);
  encoding.writeVarUint(e, 0);
  for (let i = 0; i < n; i++) {
    if (i === 0) {
      encoding.writeUint8(e, 8 | 32); // ContentAny, parent and key written
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'features');
      encoding.writeVarString(e, 'createdBy');
    } else {
      encoding.writeUint8(e, 8 | 128); // ContentAny, origin = the previous item
      encoding.writeVarUint(e, 7);
      encoding.writeVarUint(e, i - 1);
    }
    encoding.writeVarUint(e, 1);
    encoding.writeAny(e, 'anna');
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

function cpuMs(fn: () => void, repeat: number): number {
  for (let i = 0; i < Math.min(repeat, 20); i++) fn();
  const start = process.cpuUsage();
  for (let i = 0; i < repeat; i++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / repeat;
}

const store = new Y.Doc().store;
const lines: string[] = ['| update | bytes | verdict | CPU per check | per value |', '|---|---|---|---|---|'];
for (const n of [1_000, 10_000, 100_000]) {
  const update = chain(n);
  const verdict = checkAuthorship(scanUpdate(update), store, ['anna']);
  const ms = cpuMs(() => checkAuthorship(scanUpdate(update), store, ['anna']), n >= 100_000 ? 5 : 50);
  lines.push(`| chain of ${n} overwrites | ${update.byteLength} | ${verdict} | ${ms.toFixed(2)} ms | ${((ms * 1000) / n).toFixed(2)} µs |`);
}
const writer = new Y.Doc();
const before = Y.encodeStateVector(writer);
writer.getMap('features').set('t', Date.now());
const edit = Y.encodeStateAsUpdate(writer, before);
const ms = cpuMs(() => checkAuthorship(scanUpdate(edit), store, ['anna']), 20_000);
const decodeMs = cpuMs(() => Y.decodeUpdate(edit), 20_000);
lines.push(`| one map set (what the benchmark's writers send) | ${edit.byteLength} | ok | ${(ms * 1000).toFixed(2)} µs | Yjs' decodeUpdate alone: ${(decodeMs * 1000).toFixed(2)} µs |`);
process.stdout.write(`${lines.join('\n')}\n`);
