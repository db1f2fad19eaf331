/**
 * Who may read and write the follow-up of a designated area: pure, so REST, the live events and the reminder
 * timer ask the same questions. Tests cite the rule ids.
 *
 * - **F1** National police read every area, assigned or not.
 * - **F2** Other police units read an area when its responsible local police area is the unit itself or lies
 *   below it (the police area and the region read their local police areas' areas); a sibling unit reads nothing.
 * - **F3** Only the responsible local police area writes (draft, submit, correct, share), with a police role.
 * - **F4** A partner organisation reads an area's period only when the responsible unit shared it with that
 *   organisation: the scores always, the police's comments, overall judgement and free text only when shared with
 *   comments; never the share list or another partner's view.
 * - **F5** A partner's `partner_editor` writes its own organisation's view of a shared period; `partner_viewer`s
 *   never write anything.
 * - **F6** The criteria catalogue is read by police and written only by national admins and national analysts.
 * - **F7** Only national admins decide which local police area follows up an area.
 */
import { isPolicePrincipal, isWithin, type OrgTree, type Principal } from '../../../shared/src/access.ts';

export interface ShareRow {
  organisationId: string;
  comments: boolean;
}

/** F1, F2. */
export function policeReadsArea(tree: OrgTree, viewer: Principal, responsibleOrgId: string | null): boolean {
  if (!isPolicePrincipal(tree, viewer)) return false;
  if (tree.get(viewer.organisationId)?.kind === 'national') return true;
  return responsibleOrgId !== null && isWithin(tree, responsibleOrgId, viewer.organisationId);
}

/** F3. */
export function policeWritesArea(tree: OrgTree, viewer: Principal, responsibleOrgId: string | null): boolean {
  if (!isPolicePrincipal(tree, viewer) || responsibleOrgId === null) return false;
  if (viewer.organisationId !== responsibleOrgId) return false;
  return viewer.roles.some((r) => r === 'commander' || r === 'analyst' || r === 'duty_officer' || r === 'admin');
}

/** F4: the share that lets a partner read, or null. */
export function partnerShare(tree: OrgTree, viewer: Principal, shares: readonly ShareRow[]): ShareRow | null {
  if (isPolicePrincipal(tree, viewer)) return null;
  return shares.find((s) => s.organisationId === viewer.organisationId) ?? null;
}

/** F5. */
export function partnerWrites(tree: OrgTree, viewer: Principal, shares: readonly ShareRow[]): boolean {
  return partnerShare(tree, viewer, shares) !== null && viewer.roles.includes('partner_editor');
}

/** F6. */
export function criteriaRight(tree: OrgTree, viewer: Principal): 'none' | 'read' | 'write' {
  if (!isPolicePrincipal(tree, viewer)) return 'none';
  const national = tree.get(viewer.organisationId)?.kind === 'national';
  return national && (viewer.roles.includes('admin') || viewer.roles.includes('analyst')) ? 'write' : 'read';
}

/** F7. */
export function assignsAreas(tree: OrgTree, viewer: Principal): boolean {
  return isPolicePrincipal(tree, viewer) && tree.get(viewer.organisationId)?.kind === 'national' && viewer.roles.includes('admin');
}

/** Sharing is allowed only with partner organisations (a police unit reads through F2 already). */
export function shareProblems(tree: OrgTree, entries: readonly ShareRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, e] of entries.entries()) {
    const org = tree.get(e.organisationId);
    if (!org) problems.push(`entries[${i}]: organisation ${e.organisationId} does not exist.`);
    else if (isPolicePrincipal(tree, { userId: '', organisationId: org.id, roles: [] })) problems.push(`entries[${i}]: ${e.organisationId} is a police unit; share only with partner organisations.`);
    if (seen.has(e.organisationId)) problems.push(`entries[${i}]: ${e.organisationId} is listed twice.`);
    seen.add(e.organisationId);
  }
  return problems;
}
