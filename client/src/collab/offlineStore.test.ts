import { describe, expect, it } from 'vitest';
import { namesToClear, offlineDocName, ownerOf, rememberOfflineDoc } from './offlineStore.ts';

describe('offline layer documents', () => {
  it('are named per user and layer, and the owner is read back', () => {
    const n = offlineDocName('usr:1', 'lyr_a');
    expect(ownerOf(n)).toBe('usr:1');
    expect(ownerOf('some-other-db')).toBeNull();
  });

  it('clears every stored document at logout, or every other user’s at sign-in, and never foreign databases', () => {
    const mine = offlineDocName('u1', 'a');
    const theirs = offlineDocName('u2', 'b');
    expect(namesToClear([mine, theirs, 'maplibre-tiles'])).toEqual([mine, theirs]);
    expect(namesToClear([mine, theirs, 'maplibre-tiles'], 'u1')).toEqual([theirs]);
  });

  it('remembers names for browsers that cannot list databases', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    rememberOfflineDoc('x', storage);
    rememberOfflineDoc('x', storage);
    rememberOfflineDoc('y', storage);
    expect(JSON.parse(data.get('lagesbild.offlineDocs')!)).toEqual(['x', 'y']);
  });
});
