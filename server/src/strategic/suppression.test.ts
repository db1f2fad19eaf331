import { describe, expect, it } from 'vitest';
import { guardCount, guardIndexItem, guardPopulationValue, guardRate, SUPPRESSION_TEXT } from './suppression.ts';

describe('small-number suppression', () => {
  it('police see every count; partners and the public lose counts under 5 (0 included)', () => {
    expect(guardCount(3, 'police')).toEqual({ value: 3, suppressed: false });
    for (const audience of ['partner', 'public'] as const) {
      expect(guardCount(0, audience)).toEqual({ value: null, suppressed: true, reason: 'few_events' });
      expect(guardCount(4, audience)).toEqual({ value: null, suppressed: true, reason: 'few_events' });
      expect(guardCount(5, audience)).toEqual({ value: 5, suppressed: false });
    }
  });

  it('rates need at least 5 events and 50 residents outside the police', () => {
    expect(guardRate(2000, { events: 9, residents: 45 }, 'partner')).toEqual({ value: null, suppressed: true, reason: 'few_residents' });
    expect(guardRate(12.5, { events: 4, residents: 3200 }, 'public')).toEqual({ value: null, suppressed: true, reason: 'few_events' });
    expect(guardRate(15.6, { events: 5, residents: 3200 }, 'partner')).toEqual({ value: 15.6, suppressed: false });
    expect(guardRate(15.6, { events: 5, residents: 50 }, 'partner').suppressed).toBe(false);
    expect(guardRate(15.6, { events: 5, residents: null }, 'partner')).toMatchObject({ suppressed: true, reason: 'unknown_residents' });
    expect(guardRate(2000, { events: 1, residents: 5 }, 'police')).toEqual({ value: 2000, suppressed: false });
  });

  it('population-based values are withheld for areas with fewer than 50 residents', () => {
    expect(guardPopulationValue(33.3, 49, 'partner')).toMatchObject({ value: null, reason: 'few_residents' });
    expect(guardPopulationValue(33.3, 50, 'partner')).toEqual({ value: 33.3, suppressed: false });
    expect(guardPopulationValue(33.3, 3, 'police').value).toBe(33.3);
    expect(SUPPRESSION_TEXT.few_events.sv).toMatch(/Färre än 5/);
  });
});

describe('guardIndexItem', () => {
  const item = { code: 'x', name: 'X', score: 1.2, level: 5, contributions: [{ indicator: 'a', value: 40, standardised: 1.2, contribution: 1.2 }] };
  it('hides the score and raw values of areas under 50 residents from partners', () => {
    const g = guardIndexItem(item, 30, 'partner');
    expect(g).toMatchObject({ code: 'x', score: null, level: null, suppressed: true, reason: 'Färre än 50 invånare – värdet visas inte.' });
    expect(g.contributions[0]).toEqual({ indicator: 'a', value: null, standardised: null, contribution: null });
    expect(guardIndexItem(item, 30, 'police')).toMatchObject({ score: 1.2, suppressed: false });
    expect(guardIndexItem(item, 5000, 'public')).toMatchObject({ score: 1.2, suppressed: false });
  });
});
