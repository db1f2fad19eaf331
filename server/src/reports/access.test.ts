import { describe, expect, it } from 'vitest';
import { orgTreeFrom, type Principal } from '../../../shared/src/access.ts';
import type { Role } from '../../../shared/src/roles.ts';
import { levelOfKind, mayAuthor, policeRecipients, reportRights } from './access.ts';

const tree = orgTreeFrom([
  { id: 'noa', kind: 'national', parentId: null },
  { id: 'region', kind: 'region', parentId: 'noa' },
  { id: 'po', kind: 'police_area', parentId: 'region' },
  { id: 'lpo', kind: 'local_police_area', parentId: 'po' },
  { id: 'city', kind: 'municipality', parentId: 'po' },
  { id: 'housing', kind: 'housing_company', parentId: 'po' },
]);
const who = (organisationId: string, ...roles: Role[]): Principal => ({ userId: `u-${organisationId}`, organisationId, roles });
const draft = { organisationId: 'po', classification: 'partner', status: 'draft' };
const signed = { ...draft, status: 'signed' };
const toCity = (o: string) => o === 'city';

describe('report access rules', () => {
  it('[R1] police of the author organisation and above read, drafts included; those below and beside do not', () => {
    expect(reportRights(tree, who('po', 'duty_officer'), draft).read).toBe('police');
    expect(reportRights(tree, who('region', 'analyst'), draft).read).toBe('police');
    expect(reportRights(tree, who('noa', 'commander'), signed).read).toBe('police');
    expect(reportRights(tree, who('lpo', 'commander'), draft).read).toBeNull();
  });

  it('[R2][R3] commanders and analysts edit a draft, only commanders sign', () => {
    expect(reportRights(tree, who('po', 'analyst'), draft)).toEqual({ read: 'police', edit: true, sign: false });
    expect(reportRights(tree, who('region', 'commander'), draft)).toEqual({ read: 'police', edit: true, sign: true });
    expect(reportRights(tree, who('po', 'duty_officer'), draft)).toEqual({ read: 'police', edit: false, sign: false });
    expect(reportRights(tree, who('po', 'admin'), draft).sign).toBe(false);
  });

  it('[R4] nobody edits or signs a signed report', () => {
    expect(reportRights(tree, who('po', 'commander'), signed)).toEqual({ read: 'police', edit: false, sign: false });
  });

  it('[R5] partners read only signed, non-internal reports with a version for their organisation', () => {
    expect(reportRights(tree, who('city', 'partner_editor'), draft, toCity).read).toBeNull();
    expect(reportRights(tree, who('city', 'partner_viewer'), signed, toCity)).toEqual({ read: 'partner', edit: false, sign: false });
    expect(reportRights(tree, who('housing', 'partner_viewer'), signed, toCity).read).toBeNull();
    expect(reportRights(tree, who('city', 'partner_viewer'), { ...signed, classification: 'police_internal' }, toCity).read).toBeNull();
    // Even a (mis)assembled partner version of a police-internal report is not readable.
    expect(reportRights(tree, who('city', 'partner_viewer'), { ...signed, classification: 'police_internal' }, () => true).read).toBeNull();
  });

  it('[R7] the audience is the author organisation and the one above; levels follow the organisation kind', () => {
    expect(policeRecipients(tree, 'po')).toEqual(['po', 'region']);
    expect(policeRecipients(tree, 'noa')).toEqual(['noa']);
    expect(['local_police_area', 'police_area', 'region', 'national', 'municipality'].map(levelOfKind)).toEqual(['local', 'police_area', 'region', 'national', null]);
    expect(mayAuthor(tree, who('po', 'analyst'))).toBe(true);
    expect(mayAuthor(tree, who('po', 'duty_officer'))).toBe(false);
    expect(mayAuthor(tree, who('city', 'partner_editor'))).toBe(false);
  });
});
