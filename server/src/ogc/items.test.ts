import { describe, expect, it } from 'vitest';
import { extentOf, geometryBbox, MAX_LIMIT, type OgcFeature, OgcQueryError, parseItemsQuery, selectItems } from './items.ts';

const f = (id: string, coordinates: unknown, type = 'Point', props: Record<string, unknown> = {}): OgcFeature => ({ type: 'Feature', id, geometry: { type, coordinates }, properties: props });

describe('OGC items query', () => {
  it('defaults to 10 items from the start and lowers a larger limit to the maximum', () => {
    expect(parseItemsQuery({})).toEqual({ bbox: null, datetime: null, limit: 10, offset: 0 });
    expect(parseItemsQuery({ limit: '999999' }).limit).toBe(MAX_LIMIT);
    expect(parseItemsQuery({ bbox: '1,2,10,3,4,20' }).bbox).toEqual([1, 2, 3, 4]);
  });
  it('refuses what is not a bbox, interval, limit or offset, with a sentence', () => {
    for (const q of [{ bbox: '1,2,3' }, { bbox: '1,5,2,4' }, { bbox: '1,2,3,x' }, { bbox: '500,2,600,3' }, { limit: '0' }, { limit: '-1' }, { offset: 'a' }, { datetime: 'igår' }, { datetime: '2026-02-01T00:00:00Z/2026-01-01T00:00:00Z' }, { datetime: 'a/b/c' }]) {
      expect(() => parseItemsQuery(q), JSON.stringify(q)).toThrow(OgcQueryError);
    }
  });
  it('filters by bbox on the geometry’s extent and by datetime on updatedAt, else createdAt, then pages', () => {
    const features = [
      f('a', [13, 55], 'Point', { updatedAt: '2026-01-01T00:00:00Z' }),
      f('b', [[12, 54], [12.5, 54.5]], 'LineString', { createdAt: '2026-01-05T00:00:00Z' }),
      f('c', [[[14, 56], [15, 56], [15, 57], [14, 56]]], 'Polygon', { updatedAt: '2026-02-01T00:00:00Z' }),
      f('d', [13.5, 55.5]),
    ];
    const ids = (q: Record<string, string>) => selectItems(features, parseItemsQuery(q)).page.map((x) => x.id);
    expect(ids({ bbox: '12.4,54.4,13.6,55.6' })).toEqual(['a', 'b', 'd']);
    expect(ids({ datetime: '2026-01-01T00:00:00Z/2026-01-31T00:00:00Z' })).toEqual(['a', 'b']);
    expect(ids({ datetime: '2026-01-10T00:00:00Z/..' })).toEqual(['c']);
    expect(ids({ datetime: '2026-01-01T00:00:00Z' })).toEqual(['a']);
    const page = selectItems(features, parseItemsQuery({ limit: '2', offset: '1' }));
    expect(page).toMatchObject({ matched: 4 });
    expect(page.page.map((x) => x.id)).toEqual(['b', 'c']);
  });
  it('computes extents', () => {
    expect(geometryBbox({ coordinates: [[[14, 56], [15, 56], [15, 57], [14, 56]]] })).toEqual([14, 56, 15, 57]);
    expect(extentOf([f('a', [13, 55]), f('b', [[12, 54], [12.5, 56]], 'LineString')])).toEqual([12, 54, 13, 56]);
    expect(extentOf([])).toBeNull();
  });
});
