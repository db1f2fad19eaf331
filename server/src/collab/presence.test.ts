import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { presenceIsNewer, readAwarenessEntries, writeAwarenessEntries } from './presence.ts';

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

describe('which presence entries the server takes', () => {
  it('exactly those y-protocols applies, for every clock held (none, 0, 1, 5) and every clock sent (0–6)', () => {
    let taken = 0;
    let skipped = 0;
    for (const held of [undefined, 0, 1, 5]) {
      for (let sent = 0; sent <= 6; sent++) {
        const a = new awarenessProtocol.Awareness(new Y.Doc());
        a.setLocalState(null);
        if (held !== undefined) awarenessProtocol.applyAwarenessUpdate(a, writeAwarenessEntries([{ clientId: 77, clock: held, state: '{"v":"held"}' }]), null);
        // Applying a clock-0 state to an empty awareness is itself ignored by y-protocols: read what it holds.
        const before = a.meta.get(77)?.clock;
        const ours = presenceIsNewer(a.meta, 77, sent);
        awarenessProtocol.applyAwarenessUpdate(a, writeAwarenessEntries([{ clientId: 77, clock: sent, state: '{"v":"sent"}' }]), null);
        const applied = (a.getStates().get(77) as { v?: string } | undefined)?.v === 'sent';
        expect(ours, `held ${before}, sent ${sent}`).toBe(applied);
        if (applied) taken++;
        else skipped++;
        a.destroy();
      }
    }
    // Both answers occur, so neither "always" nor "never" would pass.
    expect(taken).toBeGreaterThan(5);
    expect(skipped).toBeGreaterThan(5);
  });

  it('skips the empty state a stock client announces with clock 0 when it connects', () => {
    const client = new awarenessProtocol.Awareness(new Y.Doc());
    const first = readAwarenessEntries(awarenessProtocol.encodeAwarenessUpdate(client, [client.clientID]));
    expect(first).toEqual([{ clientId: client.clientID, clock: 0, state: '{}' }]);
    expect(presenceIsNewer(new Map(), client.clientID, first[0].clock)).toBe(false);
    client.setLocalStateField('cursor', [1, 2]);
    expect(presenceIsNewer(new Map(), client.clientID, client.meta.get(client.clientID)!.clock)).toBe(true);
    client.destroy();
  });
});
