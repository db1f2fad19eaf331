import { describe, expect, it } from 'vitest';
import { readAwarenessEntries, writeAwarenessEntries } from './presence.ts';

const update = writeAwarenessEntries([
  { clientId: 1, clock: 4, state: '{"user":{"name":"a"}}' },
  { clientId: 2, clock: 9, state: '{"cursor":null}' },
  { clientId: 3, clock: 1, state: 'null' },
]);

describe('reading presence updates', () => {
  it('returns every entry, and with a clock filter only the newer ones (the others are skipped unread)', () => {
    // Positive control: all three entries are in the update.
    expect(readAwarenessEntries(update).map((e) => e.clientId)).toEqual([1, 2, 3]);
    const known = new Map([
      [1, 4],
      [3, 0],
    ]);
    const newer = readAwarenessEntries(update, (id, clock) => !known.has(id) || clock > known.get(id)!);
    expect(newer).toEqual([
      { clientId: 2, clock: 9, state: '{"cursor":null}' },
      { clientId: 3, clock: 1, state: 'null' },
    ]);
  });

  it('still refuses an update that ends inside a skipped state, as it does one that ends inside a read state', () => {
    const cut = update.slice(0, update.length - 3);
    expect(() => readAwarenessEntries(cut)).toThrow();
    expect(() => readAwarenessEntries(cut, () => false)).toThrow(/ends inside a state/);
  });
});
