import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../../../../shared/src/events.ts';
import { EMPTY_FILTER, filterFeed, isFiltered, sourcesOf } from './feedFilter.ts';

const NOW = Date.parse('2026-12-05T03:00:00Z');
const inc = (id: string, hoursAgo: number, over: Partial<IncidentView> = {}): IncidentView => ({
  id,
  type: 'shooting',
  occurredAt: new Date(NOW - hoursAgo * 3_600_000).toISOString(),
  status: 'confirmed',
  classification: 'police_internal',
  locationPrecision: 'exact',
  location: { type: 'Point', coordinates: [13, 55.6] },
  source: 'rakel',
  description: null,
  ...over,
});
const items = [
  inc('a', 1),
  inc('b', 30, { type: 'explosion', status: 'unconfirmed', source: 'polisen', locationPrecision: 'area', description: 'Detonation i Bunkeflostrand' }),
  inc('c', 5, { status: 'retracted' }),
  inc('d', 2, { type: 'arson', source: 'polisen', locationPrecision: 'area', description: 'Bilbrand, Malmö' }),
];
const describe_ = (i: IncidentView) => `${i.type} ${i.description ?? ''}`;

describe('incident feed filters', () => {
  it('lets everything through unfiltered, newest first', () => {
    expect(filterFeed(items, EMPTY_FILTER, NOW, describe_).map((i) => i.id)).toEqual(['a', 'd', 'c', 'b']);
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
  });

  it('combines type, status, precision, source and time', () => {
    expect(filterFeed(items, { ...EMPTY_FILTER, statuses: new Set(['confirmed']) }, NOW, describe_).map((i) => i.id)).toEqual(['a', 'd']);
    expect(filterFeed(items, { ...EMPTY_FILTER, precisions: new Set(['area']), source: 'polisen' }, NOW, describe_).map((i) => i.id)).toEqual(['d', 'b']);
    expect(filterFeed(items, { ...EMPTY_FILTER, types: new Set(['shooting', 'explosion']), withinHours: 24 }, NOW, describe_).map((i) => i.id)).toEqual(['a', 'c']);
  });

  it('searches every word of the text, case-insensitively, in what the card shows', () => {
    expect(filterFeed(items, { ...EMPTY_FILTER, text: 'bunkeflostrand' }, NOW, describe_).map((i) => i.id)).toEqual(['b']);
    expect(filterFeed(items, { ...EMPTY_FILTER, text: 'MALMÖ bilbrand' }, NOW, describe_).map((i) => i.id)).toEqual(['d']);
    expect(filterFeed(items, { ...EMPTY_FILTER, text: 'malmö limhamn' }, NOW, describe_)).toEqual([]);
  });

  it('lists the sources present', () => {
    expect(sourcesOf([...items, inc('p', 1, { source: undefined })])).toEqual(['polisen', 'rakel']);
  });
});
