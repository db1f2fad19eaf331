import { describe, expect, it } from 'vitest';
import { type LayerAccessInput, orgTreeFrom, type Principal } from '../../../shared/src/access.ts';
import type { Role } from '../../../shared/src/roles.ts';
import { DEMO_ORGS } from '../seed/demoOrganisations.ts';
import { createDecision, type MeasureAccessInput, measureRight, sharingProblems } from './access.ts';

const tree = orgTreeFrom(DEMO_ORGS.map((o) => ({ id: o.id, kind: o.kind, parentId: o.parentId })));
const who = (organisationId: string, ...roles: Role[]): Principal => ({ userId: `u-${organisationId}-${roles.join('-')}`, organisationId, roles });
const org = (id: string, right: 'read' | 'write', includeSubtree = false) => ({ subject: { type: 'organisation' as const, id, includeSubtree }, right });

const owner = 'org-po-malmo';
const layers: LayerAccessInput[] = [
  { classification: 'police_internal', ownerOrgId: owner, entries: [org(owner, 'write'), org('org-lpo-malmo-norr', 'write', true)] },
  { classification: 'partner', ownerOrgId: owner, entries: [org(owner, 'write'), org('org-malmo-stad', 'write')] },
  { classification: 'public', ownerOrgId: owner, entries: [] },
];
const picture = { ownerOrgId: owner, layers };

const commander = who(owner, 'commander');
const analyst = who(owner, 'analyst');
const regionCommander = who('org-region-syd', 'commander');
const duty = who('org-lpo-malmo-norr', 'duty_officer');
const soderDuty = who('org-lpo-malmo-soder', 'duty_officer');
const editor = who('org-malmo-stad', 'partner_editor');
const viewer = who('org-malmo-stad', 'partner_viewer');
const housing = who('org-bostad-malmo', 'partner_viewer');
const rescueEditor = who('org-rtj-syd', 'partner_editor');

const measure = (m: Partial<MeasureAccessInput>): MeasureAccessInput => ({ ownerOrganisationId: owner, classification: 'partner', sharedWith: [], ...m });

describe('measure access rules', () => {
  it('M1/M2: police who read the police-internal layers read every measure; commanders and analysts of the owner or above write it', () => {
    const internal = measure({ classification: 'police_internal' });
    expect(measureRight(tree, commander, picture, internal)).toBe('write');
    expect(measureRight(tree, analyst, picture, internal)).toBe('write');
    expect(measureRight(tree, regionCommander, picture, internal)).toBe('write');
    expect(measureRight(tree, duty, picture, internal)).toBe('read');
    // A police unit that reads no police-internal layer of the picture reads nothing of it.
    expect(measureRight(tree, soderDuty, picture, internal)).toBe('none');
    const partnersOwn = measure({ ownerOrganisationId: 'org-malmo-stad', sharedWith: [] });
    expect(measureRight(tree, commander, picture, partnersOwn)).toBe('write');
  });

  it('M6: a police-internal measure never reaches a partner, whatever its sharing says', () => {
    const internal = measure({ classification: 'police_internal', sharedWith: ['org-malmo-stad'] });
    for (const p of [editor, viewer, housing]) expect(measureRight(tree, p, picture, internal)).toBe('none');
    // positive control: the same measure classified partner reaches them
    expect(measureRight(tree, editor, picture, { ...internal, classification: 'partner' })).toBe('record');
    expect(sharingProblems(tree, 'police_internal', owner, ['org-malmo-stad'])[0]).toMatch(/partner organisation "org-malmo-stad"/);
    expect(sharingProblems(tree, 'police_internal', 'org-malmo-stad', [])[0]).toMatch(/cannot be owned/);
    expect(sharingProblems(tree, 'partner', owner, ['org-malmo-stad'])).toEqual([]);
    expect(sharingProblems(tree, 'partner', owner, ['org-nowhere'])[0]).toMatch(/does not exist/);
  });

  it('M4/M5: sharedWith organisations read; their editors record; viewers never write or record', () => {
    const shared = measure({ sharedWith: ['org-malmo-stad'] });
    expect(measureRight(tree, editor, picture, shared)).toBe('record');
    expect(measureRight(tree, viewer, picture, shared)).toBe('read');
    expect(measureRight(tree, housing, picture, shared)).toBe('none');
    expect(measureRight(tree, editor, picture, measure({}))).toBe('none');
    expect(measureRight(tree, rescueEditor, picture, shared)).toBe('none');
  });

  it('M3: the owner organisation writes its own measure; its viewers only read', () => {
    const own = measure({ ownerOrganisationId: 'org-malmo-stad', sharedWith: [owner] });
    expect(measureRight(tree, editor, picture, own)).toBe('write');
    expect(measureRight(tree, viewer, picture, own)).toBe('read');
  });

  it('M7: a public measure is readable by everyone who reads the picture, and only them', () => {
    const pub = measure({ classification: 'public' });
    expect(measureRight(tree, housing, picture, pub)).toBe('read');
    expect(measureRight(tree, viewer, picture, pub)).toBe('read');
    const noPublicLayer = { ownerOrgId: owner, layers: layers.slice(0, 2) };
    expect(measureRight(tree, housing, noPublicLayer, pub)).toBe('none');
  });

  it('M8: partners create their own non-police-internal measures in a picture they write in; viewers and outsiders do not', () => {
    expect(createDecision(tree, commander, picture, 'police_internal')).toBe('allowed');
    expect(createDecision(tree, editor, picture, 'partner')).toBe('allowed');
    expect(createDecision(tree, editor, picture, 'police_internal')).toBe('classification');
    expect(createDecision(tree, viewer, picture, 'partner')).toBe('forbidden');
    expect(createDecision(tree, duty, picture, 'partner')).toBe('forbidden');
    expect(createDecision(tree, housing, picture, 'partner')).toBe('forbidden');
    // The rescue service reads only the public layer: it knows the picture but may not plan in it.
    expect(createDecision(tree, rescueEditor, picture, 'partner')).toBe('forbidden');
    expect(createDecision(tree, rescueEditor, { ownerOrgId: owner, layers: layers.slice(0, 2) }, 'partner')).toBe('not_found');
  });
});
