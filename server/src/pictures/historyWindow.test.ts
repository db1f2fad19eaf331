import { describe, expect, it } from 'vitest';
import { type AccessEntry, orgTreeFrom, type Principal } from '../../../shared/src/access.ts';
import { type AccessChange, GRANT_MARGIN_MS, historyWindow, inWindow } from './historyWindow.ts';

const tree = orgTreeFrom([
  { id: 'po', kind: 'police_area', parentId: null },
  { id: 'lpo', kind: 'local_police_area', parentId: 'po' },
  { id: 'stad', kind: 'municipality', parentId: 'po' },
]);
const org = (id: string, right: 'read' | 'write' = 'write'): AccessEntry => ({ subject: { type: 'organisation', id, includeSubtree: false }, right });
const partner: Principal = { userId: 'p', organisationId: 'stad', roles: ['partner_editor'] };
const duty: Principal = { userId: 'd', organisationId: 'lpo', roles: ['duty_officer'] };
const commander: Principal = { userId: 'c', organisationId: 'po', roles: ['commander'] };
const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
/** The window start for a grant at minute m. */
const since = (m: number) => new Date(at(m).getTime() + GRANT_MARGIN_MS);
const police = [org('po'), org('lpo')];
const shared = [...police, org('stad')];
const layer = (entries: AccessEntry[]) => ({ classification: 'partner' as const, entries, ownerOrgId: 'po' });

describe('history window: versions from when the reader could last start reading', () => {
  it('a partner added later sees versions from the grant on; police who always read see everything', () => {
    const changes: AccessChange[] = [{ at: at(10), before: police, after: shared }];
    const w = historyWindow(tree, partner, layer(shared), changes);
    expect(w).toEqual({ kind: 'since', since: since(10) });
    expect(inWindow(w, at(9))).toBe(false);
    // A version stamped right at the grant may come from a process whose clock runs ahead.
    expect(inWindow(w, at(10))).toBe(false);
    expect(inWindow(w, since(10))).toBe(true);
    expect(historyWindow(tree, duty, layer(shared), changes)).toEqual({ kind: 'all' });
  });

  it('revoked and granted again: only the current unbroken stretch counts', () => {
    const changes: AccessChange[] = [
      { at: at(1), before: police, after: shared },
      { at: at(5), before: shared, after: police },
      { at: at(9), before: police, after: shared },
    ];
    expect(historyWindow(tree, partner, layer(shared), changes)).toEqual({ kind: 'since', since: since(9) });
    // A change that kept the partner in (read → write) does not restart the window.
    const widened: AccessChange[] = [...changes, { at: at(12), before: shared, after: [...police, org('stad', 'read')] }];
    expect(historyWindow(tree, partner, layer([...police, org('stad', 'read')]), widened)).toEqual({ kind: 'since', since: since(9) });
  });

  it('administrators see everything; those who cannot read now see nothing', () => {
    const changes: AccessChange[] = [{ at: at(10), before: [], after: [org('stad')] }];
    expect(historyWindow(tree, commander, layer([org('stad')]), changes)).toEqual({ kind: 'all' });
    expect(historyWindow(tree, duty, layer([org('stad')]), changes)).toEqual({ kind: 'none' });
  });

  it('fails closed when the trail does not end in the current list, or could not be read', () => {
    const stale: AccessChange[] = [{ at: at(10), before: [], after: police }];
    expect(historyWindow(tree, partner, layer(shared), stale)).toEqual({ kind: 'none' });
    expect(historyWindow(tree, partner, layer(shared), null)).toEqual({ kind: 'none' });
    expect(historyWindow(tree, commander, layer(shared), null)).toEqual({ kind: 'all' });
    // Entry order is not a difference.
    const reordered: AccessChange[] = [{ at: at(10), before: police, after: [...shared].reverse() }];
    expect(historyWindow(tree, partner, layer(shared), reordered)).toEqual({ kind: 'since', since: since(10) });
  });

  it('no recorded change: the list has applied since the layer was made', () => {
    expect(historyWindow(tree, partner, layer(shared), [])).toEqual({ kind: 'all' });
  });
});
