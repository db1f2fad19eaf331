import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { runIndexRequest, StrategicIndexRequestSchema, StrategicIndexResponseSchema } from './indexRequest.ts';

const areas = [
  { code: '1280', name: 'Malmö', level: 'kommun', vintage: 'KOMMUN2007', parentCode: '12' },
  { code: '1281', name: 'Lund', level: 'kommun', vintage: 'KOMMUN2007', parentCode: '12' },
  { code: '0180', name: 'Stockholm', level: 'kommun', vintage: 'KOMMUN2007', parentCode: '01' },
  { code: '12', name: 'Skåne län', level: 'lan', vintage: 'LAN2007', parentCode: 'SE' },
];
const values = [
  { areaCode: '1280', year: 2024, indicator: 'x', value: 3 },
  { areaCode: '1281', year: 2024, indicator: 'x', value: 1 },
  { areaCode: '0180', year: 2024, indicator: 'x', value: 2 },
  { areaCode: '0180', year: 2023, indicator: 'x', value: 100 },
];

describe('POST /api/strategic/index core', () => {
  const request = { level: 'kommun' as const, year: 2024, method: 'percentile' as const, indicators: [{ indicator: 'x', weight: 1, direction: 'higher_is_worse' as const }] };

  it('validates the contract body and produces a contract response', () => {
    expect(Value.Check(StrategicIndexRequestSchema, request)).toBe(true);
    expect(Value.Check(StrategicIndexRequestSchema, { ...request, method: 'mean' })).toBe(false);
    const r = runIndexRequest(request, areas, values);
    expect(r.items.map((i) => [i.code, i.score])).toEqual([
      ['1280', (100 * 2.5) / 3],
      ['1281', (100 * 0.5) / 3],
      ['0180', 50],
    ]);
    expect(Value.Check(StrategicIndexResponseSchema, { items: r.items })).toBe(true);
  });

  it('scores a parent’s children against the national comparison set', () => {
    const r = runIndexRequest({ ...request, parentCode: '12' }, areas, values);
    expect(r.items.map((i) => i.code)).toEqual(['1280', '1281']);
    expect(r.items[0].score).toBeCloseTo((100 * 2.5) / 3, 12);
  });

  it('uses the documented default index when no indicators are given (all missing → reasons)', () => {
    const r = runIndexRequest({ level: 'kommun', year: 2024, method: 'zscore' }, areas, values);
    expect(r.items.every((i) => i.score === null && i.reason?.startsWith('Inget index'))).toBe(true);
  });
});
