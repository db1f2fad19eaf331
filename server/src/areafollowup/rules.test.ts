import { describe, expect, it } from 'vitest';
import { orgTreeFrom, type Principal } from '../../../shared/src/access.ts';
import type { Role } from '../../../shared/src/roles.ts';
import { responsibleOrgs } from './assignment.ts';
import { assignsAreas, criteriaRight, partnerShare, partnerWrites, policeReadsArea, policeWritesArea, shareProblems } from './rules.ts';

const tree = orgTreeFrom([
  { id: 'noa', kind: 'national', parentId: null },
  { id: 'syd', kind: 'region', parentId: 'noa' },
  { id: 'vast', kind: 'region', parentId: 'noa' },
  { id: 'po', kind: 'police_area', parentId: 'syd' },
  { id: 'norr', kind: 'local_police_area', parentId: 'po' },
  { id: 'soder', kind: 'local_police_area', parentId: 'po' },
  { id: 'stad', kind: 'municipality', parentId: 'po' },
  { id: 'bostad', kind: 'housing_company', parentId: 'po' },
]);
const who = (organisationId: string, ...roles: Role[]): Principal => ({ userId: `u-${organisationId}`, organisationId, roles });

describe('area follow-up access rules', () => {
  it('[F1] national police read every area, also one nobody follows up', () => {
    expect(policeReadsArea(tree, who('noa', 'commander'), 'norr')).toBe(true);
    expect(policeReadsArea(tree, who('noa', 'analyst'), null)).toBe(true);
  });

  it('[F2] the region and the police area read their local police areas; a sibling and another region do not', () => {
    expect(policeReadsArea(tree, who('syd', 'commander'), 'norr')).toBe(true);
    expect(policeReadsArea(tree, who('po', 'analyst'), 'norr')).toBe(true);
    expect(policeReadsArea(tree, who('norr', 'duty_officer'), 'norr')).toBe(true);
    expect(policeReadsArea(tree, who('soder', 'commander'), 'norr')).toBe(false);
    expect(policeReadsArea(tree, who('vast', 'commander'), 'norr')).toBe(false);
    expect(policeReadsArea(tree, who('syd', 'commander'), null)).toBe(false);
    // A partner attached below the police area is not police, whatever the tree says.
    expect(policeReadsArea(tree, who('stad', 'partner_editor'), 'norr')).toBe(false);
  });

  it('[F3] only the responsible local police area writes, not the units above it', () => {
    expect(policeWritesArea(tree, who('norr', 'duty_officer'), 'norr')).toBe(true);
    expect(policeWritesArea(tree, who('norr', 'analyst'), 'norr')).toBe(true);
    expect(policeWritesArea(tree, who('po', 'commander'), 'norr')).toBe(false);
    expect(policeWritesArea(tree, who('noa', 'admin'), 'norr')).toBe(false);
    expect(policeWritesArea(tree, who('soder', 'commander'), 'norr')).toBe(false);
    expect(policeWritesArea(tree, who('norr', 'commander'), null)).toBe(false);
  });

  it('[F4][F5] a partner reads only what is shared with its own organisation; its viewers never write', () => {
    const shares = [{ organisationId: 'stad', comments: false }];
    expect(partnerShare(tree, who('stad', 'partner_viewer'), shares)).toEqual(shares[0]);
    expect(partnerShare(tree, who('bostad', 'partner_viewer'), shares)).toBeNull();
    expect(partnerWrites(tree, who('stad', 'partner_editor'), shares)).toBe(true);
    expect(partnerWrites(tree, who('stad', 'partner_viewer'), shares)).toBe(false);
    expect(partnerWrites(tree, who('bostad', 'partner_editor'), shares)).toBe(false);
    // Police never read through a share (they read by F1/F2 or not at all).
    expect(partnerShare(tree, who('soder', 'commander'), [{ organisationId: 'soder', comments: true }])).toBeNull();
  });

  it('[F4] sharing goes only to existing partner organisations, each once', () => {
    expect(shareProblems(tree, [{ organisationId: 'stad', comments: true }])).toEqual([]);
    expect(shareProblems(tree, [{ organisationId: 'soder', comments: false }])[0]).toMatch(/police unit/);
    expect(shareProblems(tree, [{ organisationId: 'nobody', comments: false }])[0]).toMatch(/does not exist/);
    expect(shareProblems(tree, [{ organisationId: 'stad', comments: false }, { organisationId: 'stad', comments: true }])[0]).toMatch(/twice/);
  });

  it('[F6] national admins and analysts write the criteria; other police read them; partners nothing', () => {
    expect(criteriaRight(tree, who('noa', 'admin'))).toBe('write');
    expect(criteriaRight(tree, who('noa', 'analyst'))).toBe('write');
    expect(criteriaRight(tree, who('noa', 'commander'))).toBe('read');
    expect(criteriaRight(tree, who('syd', 'analyst', 'commander'))).toBe('read');
    expect(criteriaRight(tree, who('stad', 'partner_editor'))).toBe('none');
  });
});

describe('[F7] assigning areas', () => {
  it('only national admins decide which local police area follows up an area', () => {
    expect(assignsAreas(tree, who('noa', 'admin'))).toBe(true);
    expect(assignsAreas(tree, who('noa', 'commander', 'analyst'))).toBe(false);
    expect(assignsAreas(tree, who('syd', 'admin'))).toBe(false);
    expect(assignsAreas(tree, who('stad', 'partner_editor'))).toBe(false);
  });
});

describe('who follows up a designated area', () => {
  const orgs = [
    { id: 'norr', kind: 'local_police_area', name: 'LPO Malmö Norr' },
    { id: 'ros', kind: 'local_police_area', name: 'LPO Rosengård' },
    { id: 'stad', kind: 'municipality', name: 'Rosengård' },
  ];
  it('an explicit assignment wins, then a local police area with the published name, else nobody', () => {
    const r = responsibleOrgs(
      [
        { id: 'a', lpo: 'Rosengård' },
        { id: 'b', lpo: 'Rosengård' },
        { id: 'c', lpo: 'Fosie' },
        { id: 'd', lpo: null },
      ],
      new Map([
        ['a', 'norr'],
        ['d', 'gone'],
      ]),
      orgs,
    );
    expect(Object.fromEntries(r)).toEqual({ a: 'norr', b: 'ros', c: null, d: null });
  });
});
