import type { Role } from '../../../shared/src/roles.ts';

/** The contract's demo setup (api-contract.md): fixed ids so tests and partners' scripts can refer to them. */
export const DEMO_ORGS = [
  { id: 'org-noa', name: 'NOA', kind: 'national', parentId: null, areaCode: null },
  { id: 'org-region-syd', name: 'Region Syd', kind: 'region', parentId: 'org-noa', areaCode: null },
  { id: 'org-po-malmo', name: 'Polisområde Malmö', kind: 'police_area', parentId: 'org-region-syd', areaCode: '1280' },
  { id: 'org-lpo-malmo-norr', name: 'LPO Malmö Norr', kind: 'local_police_area', parentId: 'org-po-malmo', areaCode: '1280' },
  { id: 'org-lpo-malmo-soder', name: 'LPO Malmö Söder', kind: 'local_police_area', parentId: 'org-po-malmo', areaCode: '1280' },
  { id: 'org-malmo-stad', name: 'Malmö stad', kind: 'municipality', parentId: 'org-po-malmo', areaCode: '1280' },
  { id: 'org-rtj-syd', name: 'Räddningstjänsten Syd', kind: 'rescue_service', parentId: 'org-po-malmo', areaCode: null },
  { id: 'org-bostad-malmo', name: 'Bostadsbolaget i Malmö', kind: 'housing_company', parentId: 'org-po-malmo', areaCode: '1280' },
] as const;

export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; organisationId: string; roles: Role[] }> = [
  { username: 'admin', displayName: 'Systemadministratör NOA', organisationId: 'org-noa', roles: ['admin'] },
  { username: 'nationell', displayName: 'Nationell stab', organisationId: 'org-noa', roles: ['commander'] },
  { username: 'region', displayName: 'Regional stab Syd', organisationId: 'org-region-syd', roles: ['commander', 'analyst'] },
  { username: 'commander', displayName: 'Polisområdeschef Malmö', organisationId: 'org-po-malmo', roles: ['commander'] },
  { username: 'analyst', displayName: 'Analytiker Malmö', organisationId: 'org-po-malmo', roles: ['analyst'] },
  { username: 'duty', displayName: 'Vakthavande befäl Malmö Norr', organisationId: 'org-lpo-malmo-norr', roles: ['duty_officer'] },
  { username: 'partner.editor', displayName: 'Samordnare Malmö stad', organisationId: 'org-malmo-stad', roles: ['partner_editor'] },
  { username: 'partner.viewer', displayName: 'Handläggare Malmö stad', organisationId: 'org-malmo-stad', roles: ['partner_viewer'] },
  { username: 'housing.viewer', displayName: 'Trygghetsvärd Bostadsbolaget', organisationId: 'org-bostad-malmo', roles: ['partner_viewer'] },
];
