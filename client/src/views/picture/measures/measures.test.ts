import { describe, expect, it } from 'vitest';
import type { Measure } from '../../../../../shared/src/measures.ts';
import { memoryStorage } from '../../../state/storage.ts';
import { choosableClassifications, deliveryShare, filterMeasures, measuresFc, NO_FILTER, plannedSoFar, upsertMeasure } from './model.ts';
import { flushQueue, loadQueue, type QueuedActivity, saveQueue } from './queue.ts';

function measure(p: Partial<Measure>): Measure {
  return {
    id: 'm1',
    pictureId: 'p1',
    ownerOrganisationId: 'o-police',
    createdById: 'u1',
    title: 'Patrull',
    kind: 'patrol',
    target: { type: 'Point', coordinates: [13, 55.6] },
    classification: 'partner',
    status: 'active',
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: null,
    description: null,
    responsible: null,
    sharedWith: [],
    riskFactors: [],
    evidence: null,
    plannedDosage: { amount: 3, unit: 'visit', per: 'day' },
    publicText: null,
    outcomeNote: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    delivered: { amount: 0, unit: 'visit', byWeek: [], byDay: [] },
    access: 'write',
    ...p,
  };
}

describe('measures in the client', () => {
  it('plans so far: per day counts started days, per week started weeks, total is the total', () => {
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    expect(plannedSoFar(measure({}), start + 2.5 * 86_400_000)).toBe(9);
    expect(plannedSoFar(measure({ plannedDosage: { amount: 20, unit: 'hour', per: 'week' } }), start + 8 * 86_400_000)).toBe(40);
    expect(plannedSoFar(measure({ plannedDosage: { amount: 5, unit: 'action', per: 'total' } }), start)).toBe(5);
    expect(plannedSoFar(measure({ plannedDosage: null }), start)).toBeNull();
    expect(deliveryShare(measure({ delivered: { amount: 6, unit: 'visit', byWeek: [], byDay: [] } }), start + 3_600_000)).toBe(1);
  });

  it('filters by kind, owner and status, and a live update replaces the measure with the newer delivered amount', () => {
    const a = measure({ id: 'a', kind: 'patrol', status: 'active' });
    const b = measure({ id: 'b', kind: 'situational', ownerOrganisationId: 'o-malmo', status: 'planned' });
    expect(filterMeasures([a, b], { ...NO_FILTER, kind: 'situational' }).map((m) => m.id)).toEqual(['b']);
    expect(filterMeasures([a, b], { ...NO_FILTER, owner: 'o-police' }).map((m) => m.id)).toEqual(['a']);
    expect(filterMeasures([a, b], { ...NO_FILTER, status: 'planned' }).map((m) => m.id)).toEqual(['b']);
    const a2 = { ...a, delivered: { ...a.delivered, amount: 1 }, updatedAt: '2026-01-02T00:00:00.000Z' };
    expect(upsertMeasure([a, b], a2).find((m) => m.id === 'a')?.delivered.amount).toBe(1);
    expect(upsertMeasure([a], b)).toHaveLength(2);
  });

  it('partners are never offered police_internal', () => {
    expect(choosableClassifications(false)).not.toContain('police_internal');
    expect(choosableClassifications(true)).toContain('police_internal');
  });

  it('draws each measure with its status colour and marks the selected one', () => {
    const fc = measuresFc([measure({ id: 'a' }), measure({ id: 'b', status: 'cancelled' })], 'b');
    expect(fc.features.map((f) => [f.properties.status, f.properties.selected])).toEqual([
      ['active', false],
      ['cancelled', true],
    ]);
  });

  it('keeps queued activities per user and sends them in order, stopping while still offline', async () => {
    const s = memoryStorage();
    const q: QueuedActivity[] = [1, 2, 3].map((n) => ({ qid: `q${n}`, measureId: 'm1', input: { at: '2026-01-01T00:00:00.000Z', amount: n }, queuedAt: '' }));
    saveQueue(s, 'u1', q);
    expect(loadQueue(s, 'u2')).toEqual([]);
    expect(loadQueue(s, 'u1')).toHaveLength(3);
    const offline = new Error('offline');
    let calls = 0;
    const r1 = await flushQueue(loadQueue(s, 'u1'), async () => {
      calls++;
      if (calls === 2) throw offline;
    }, (e) => e === offline);
    expect(r1.sent.map((x) => x.qid)).toEqual(['q1']);
    expect(r1.left.map((x) => x.qid)).toEqual(['q2', 'q3']);
    const r2 = await flushQueue(r1.left, async (x) => {
      if (x.qid === 'q2') throw new Error('refused');
    }, (e) => e === offline);
    expect(r2.refused.map((x) => x.qid)).toEqual(['q2']);
    expect(r2.left).toEqual([]);
    saveQueue(s, 'u1', []);
    expect(loadQueue(s, 'u1')).toEqual([]);
  });
});
