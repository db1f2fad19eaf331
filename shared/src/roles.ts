/** Roles, organisation kinds and who counts as police: the vocabulary every access rule is built on. */

export const ROLES = ['admin', 'commander', 'analyst', 'duty_officer', 'partner_editor', 'partner_viewer'] as const;
export type Role = (typeof ROLES)[number];

export const POLICE_ORG_KINDS = ['national', 'region', 'police_area', 'local_police_area'] as const;
export const PARTNER_ORG_KINDS = ['municipality', 'rescue_service', 'housing_company', 'other'] as const;
export const ORG_KINDS = [...POLICE_ORG_KINDS, ...PARTNER_ORG_KINDS] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Roles only a police organisation's users may hold. */
export const POLICE_ROLES: readonly Role[] = ['admin', 'commander', 'analyst', 'duty_officer'];
/** Roles for partner organisations' users. */
export const PARTNER_ROLES: readonly Role[] = ['partner_editor', 'partner_viewer'];

export function isPoliceOrgKind(kind: string): boolean {
  return (POLICE_ORG_KINDS as readonly string[]).includes(kind);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isOrgKind(value: string): value is OrgKind {
  return (ORG_KINDS as readonly string[]).includes(value);
}

/** Checks that a role set fits the organisation: partners never hold police roles and vice versa. */
export function roleProblems(roles: readonly string[], orgKind: string): string[] {
  const problems: string[] = [];
  if (roles.length === 0) problems.push('A user needs at least one role.');
  const police = isPoliceOrgKind(orgKind);
  for (const r of roles) {
    if (!isRole(r)) problems.push(`"${r}" is not a role (roles: ${ROLES.join(', ')}).`);
    else if (police && PARTNER_ROLES.includes(r)) problems.push(`Role "${r}" is for partner organisations, not police.`);
    else if (!police && POLICE_ROLES.includes(r)) problems.push(`Role "${r}" is only for police organisations.`);
  }
  return problems;
}
