import { describe, expect, it } from 'vitest';
import { parseCsvImport, parseCsvRecords } from './importers.ts';
import { parseIsoTime, validateIncident } from './validate.ts';

const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('parseIsoTime', () => {
  it('reads offsets exactly and offset-less times as Swedish local time', () => {
    expect(parseIsoTime('2026-11-20T21:15:00+01:00')).toBe(Date.parse('2026-11-20T20:15:00Z'));
    expect(parseIsoTime('2026-11-20T21:15:00Z')).toBe(Date.parse('2026-11-20T21:15:00Z'));
    expect(parseIsoTime('2026-11-20T21:15:00.250+0100')).toBe(Date.parse('2026-11-20T20:15:00.250Z'));
    expect(parseIsoTime('2026-07-01')).toBe(Date.parse('2026-06-30T22:00:00Z')); // CEST
    expect(parseIsoTime('2026-01-01 3:04')).toBe(Date.parse('2026-01-01T02:04:00Z')); // CET
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '2026-11-20T25:00', '20261120', '2026-11-20T10:00+15:00']) expect(parseIsoTime(bad)).toBeNull();
  });
});

describe('validateIncident', () => {
  const ok = { source: 's', sourceId: '1', type: 'shooting', occurredAt: '2026-11-20T21:15:00+01:00', location: { type: 'Point', coordinates: [13.0, 55.6] } };
  it('accepts a minimal incident and leaves optional fields undefined', () => {
    const r = validateIncident(ok, NOW);
    expect(r.errors).toEqual([]);
    expect(r.value!.status).toBeUndefined();
    expect(r.value!.x).toBeGreaterThan(300_000);
  });
  it('reports every problem at once, in sentences', () => {
    const r = validateIncident({ source: '', type: 'x', occurredAt: 5, location: { x: 6_160_000, y: 374_000, crs: 'EPSG:3006' }, severity: 11, status: 'maybe' }, NOW);
    expect(r.value).toBeNull();
    const text = r.errors.join(' | ');
    expect(text).toContain('source is required');
    expect(text).toContain('sourceId is required');
    expect(text).toContain('type must be one of');
    expect(text).toContain('occurredAt must be an ISO 8601 string');
    expect(text).toContain('looks swapped');
    expect(text).toContain('severity must be a whole number from 0 to 10');
    expect(text).toContain('status must be one of unconfirmed, confirmed, retracted');
  });
  it('refuses places outside the covered area and times in the future', () => {
    expect(validateIncident({ ...ok, location: { type: 'Point', coordinates: [-74, 40.7] } }, NOW).errors[0]).toContain('outside the area');
    expect(validateIncident({ ...ok, occurredAt: '2026-11-28T00:00:00Z' }, NOW).errors[0]).toContain('future');
  });
});

describe('CSV', () => {
  it('parses quoted fields with commas, quotes and newlines, CRLF and a BOM', () => {
    const recs = parseCsvRecords('\uFEFFa,b\r\n"x, ""y""","line1\nline2"\r\n', ',');
    expect(recs).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', 'line1\nline2'] },
    ]);
  });
  it('refuses an unclosed quote', () => {
    expect(() => parseCsvRecords('a\n"open', ',')).toThrow(/never closed/);
  });
  it('warns about unknown columns and counts rows from 1', () => {
    const { candidates, warnings } = parseCsvImport('source,sourceId,type,occurredAt,lon,lat,colour\ns,1,arson,2026-11-01,13,55.6,red\ns,2,arson,2026-11-01,13,55.6,red,extra\n', NOW);
    expect(warnings).toEqual(['Column "colour" is not known and was ignored.']);
    expect(candidates[0]).toMatchObject({ row: 1, errors: [] });
    expect(candidates[1].row).toBe(2);
    expect(candidates[1].errors[0]).toContain('has 8 fields, the header 7');
  });
});
