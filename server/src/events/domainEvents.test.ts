import { describe, expect, it } from 'vitest';
import { MAX_RELAYED_INCIDENT_IDS, toWire } from './domainEvents.ts';

describe('toWire', () => {
  it('sends incident ids but not the in-process records; too many ids become null (rebuild)', () => {
    const changes = [{ before: null, after: { id: 'i1' } }] as never;
    expect(toWire({ name: 'incident.changed', payload: { ids: ['i1'], changes } })).toEqual({ name: 'incident.changed', payload: { ids: ['i1'], changes: [] } });
    const many = Array.from({ length: MAX_RELAYED_INCIDENT_IDS + 1 }, (_, i) => `i${i}`);
    expect(toWire({ name: 'incident.changed', payload: { ids: many, changes } }).payload).toEqual({ ids: null, changes: [] });
  });

  it('passes every other event unchanged, and it survives JSON', () => {
    const m = { name: 'layer.access.changed', payload: { pictureId: 'p', layerIds: ['l1'] } };
    expect(JSON.parse(JSON.stringify(toWire(m)))).toEqual(m);
  });
});
