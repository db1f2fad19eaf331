import { describe, expect, it } from 'vitest';
import { accessListProblems, type AccessEntry, layerRight, orgTreeFrom, policeUnitEntries, type Principal } from './access.ts';

const tree = orgTreeFrom([
  { id: 'noa', kind: 'national', parentId: null },
  { id: 'syd', kind: 'region', parentId: 'noa' },
  { id: 'po', kind: 'police_area', parentId: 'syd' },
  { id: 'lpo', kind: 'local_police_area', parentId: 'po' },
  { id: 'stad', kind: 'municipality', parentId: 'po' },
  { id: 'bolag', kind: 'housing_company', parentId: 'po' },
]);
const p = (organisationId: string, ...roles: Principal['roles'][number][]): Principal => ({ userId: 'u', organisationId, roles });
const org = (id: string, includeSubtree: boolean, right: 'read' | 'write'): AccessEntry => ({ subject: { type: 'organisation', id, includeSubtree }, right });

describe('layer access rules', () => {
  it('[AC1] keeps partners out of police-internal layers even when listed', () => {
    const layer = { classification: 'police_internal' as const, entries: [org('stad', false, 'write'), org('po', true, 'write')], ownerOrgId: 'po' };
    expect(layerRight(tree, p('stad', 'partner_editor'), layer)).toBe('none');
    expect(layerRight(tree, p('lpo', 'duty_officer'), layer)).toBe('write');
  });

  it('[AC2] commanders and admins at or above the owner administer', () => {
    const layer = { classification: 'partner' as const, entries: [], ownerOrgId: 'po' };
    expect(layerRight(tree, p('syd', 'commander'), layer)).toBe('admin');
    expect(layerRight(tree, p('noa', 'admin'), layer)).toBe('admin');
    expect(layerRight(tree, p('lpo', 'commander'), layer)).toBe('none');
    expect(layerRight(tree, p('po', 'analyst'), layer)).toBe('none');
  });

  it('[AC3] the best matching entry wins; subtree entries reach descendants only when asked', () => {
    const layer = { classification: 'partner' as const, entries: [org('po', false, 'read'), org('po', true, 'read'), { subject: { type: 'role' as const, role: 'duty_officer' as const }, right: 'write' as const }], ownerOrgId: 'noa' };
    expect(layerRight(tree, p('lpo', 'duty_officer'), layer)).toBe('write');
    expect(layerRight(tree, p('lpo', 'analyst'), layer)).toBe('read');
    const flat = { classification: 'partner' as const, entries: [org('po', false, 'read')], ownerOrgId: 'noa' };
    expect(layerRight(tree, p('lpo', 'analyst'), flat)).toBe('none');
  });

  it('[AC4] partner viewers are read-only whatever they are granted', () => {
    const layer = { classification: 'partner' as const, entries: [org('stad', false, 'write')], ownerOrgId: 'po' };
    expect(layerRight(tree, p('stad', 'partner_viewer'), layer)).toBe('read');
    expect(layerRight(tree, p('stad', 'partner_editor'), layer)).toBe('write');
  });

  it('[AC5] public layers are readable by everyone authenticated', () => {
    const layer = { classification: 'public' as const, entries: [], ownerOrgId: 'po' };
    expect(layerRight(tree, p('bolag', 'partner_viewer'), layer)).toBe('read');
  });

  it('[AC6] refuses to grant a police-internal layer to partners, naming the entry', () => {
    expect(accessListProblems(tree, 'police_internal', [org('po', true, 'write')])).toEqual([]);
    const problems = accessListProblems(tree, 'police_internal', [org('po', true, 'write'), org('stad', false, 'read'), { subject: { type: 'role', role: 'partner_viewer' }, right: 'read' }, org('nowhere', false, 'read')]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^Entry 2: .*partner organisation/);
    expect(problems[1]).toMatch(/^Entry 3: .*partner role/);
    expect(problems[2]).toMatch(/^Entry 4: .*does not exist/);
    expect(accessListProblems(tree, 'partner', [org('stad', false, 'write')])).toEqual([]);
  });

  it('default access lists name the police units one by one, so partners attached under them get nothing', () => {
    const entries = policeUnitEntries(tree, 'syd', 'write');
    expect(entries.map((e) => (e.subject.type === 'organisation' ? [e.subject.id, e.subject.includeSubtree] : null))).toEqual([
      ['syd', false],
      ['lpo', false],
      ['po', false],
    ]);
    const layer = { classification: 'partner' as const, entries, ownerOrgId: 'syd' };
    expect(layerRight(tree, p('stad', 'partner_editor'), layer)).toBe('none');
    expect(layerRight(tree, p('bolag', 'partner_viewer'), layer)).toBe('none');
    // Control: police units under the creator still write.
    expect(layerRight(tree, p('lpo', 'duty_officer'), layer)).toBe('write');
    expect(layerRight(tree, p('po', 'analyst'), layer)).toBe('write');
  });
});
