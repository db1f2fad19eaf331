/**
 * Who may do what with a measure (api-contract.md "Measures", "Who"). Pure, so REST, socket.io, exports and
 * coverage ask the same question the same way. Rules (tests cite the ids):
 * - M1 Police users who may read a police-internal layer of the picture (or administer it) read every measure.
 * - M2 Police commanders, analysts and admins of the picture's owner organisation or a unit above it write every
 *   measure of the picture.
 * - M3 The owner organisation's users read their measure; its partner_editors (and the police roles of M2) write it.
 * - M4 Organisations in `sharedWith` read it; their partner_editors and police users record activities.
 * - M5 `partner_viewer`s never write or record.
 * - M6 A police_internal measure is never readable by, shared with or owned by a partner (AC1).
 * - M7 Public measures are readable by everyone who can read the picture.
 * - M8 A partner organisation creates measures (not police_internal) in a picture it can write in; police
 *   create them by M2.
 * The decision depends only on the principal's organisation and roles, so live events may be built once per
 * audience.
 */
import { isPolicePrincipal, isWithin, type LayerAccessInput, layerRight, type OrgTree, type Principal, type Right } from '../../../shared/src/access.ts';
import type { Classification } from '../../../shared/src/access.ts';
import type { MeasureAccess } from '../../../shared/src/measures.ts';
import { isPoliceOrgKind } from '../../../shared/src/roles.ts';

export interface PictureAccessInput {
  ownerOrgId: string;
  layers: readonly LayerAccessInput[];
}

export interface MeasureAccessInput {
  ownerOrganisationId: string;
  classification: Classification;
  sharedWith: readonly string[];
}

export type MeasureRight = 'none' | MeasureAccess;
const RANK: Record<MeasureRight, number> = { none: 0, read: 1, record: 2, write: 3 };
const best = (a: MeasureRight, b: MeasureRight): MeasureRight => (RANK[a] >= RANK[b] ? a : b);

/** The principal's best right on any layer of the picture (admin when it administers the picture, AC2). */
export function pictureRightOf(tree: OrgTree, p: Principal, picture: PictureAccessInput): Right {
  const probe: LayerAccessInput = { classification: 'police_internal', entries: [], ownerOrgId: picture.ownerOrgId };
  if (layerRight(tree, p, probe) === 'admin') return 'admin';
  let right: Right = 'none';
  for (const l of picture.layers) {
    const r = layerRight(tree, p, l);
    if (r === 'write' || r === 'admin') right = 'write';
    else if (r === 'read' && right === 'none') right = 'read';
  }
  return right;
}

const readOnly = (p: Principal) => p.roles.length === 0 || p.roles.every((r) => r === 'partner_viewer');

/** M2: police commanders, analysts and admins of the picture's owner organisation or a unit above it. */
export function plansForPicture(tree: OrgTree, p: Principal, picture: PictureAccessInput): boolean {
  return (
    isPolicePrincipal(tree, p) &&
    p.roles.some((r) => r === 'commander' || r === 'analyst' || r === 'admin') &&
    isWithin(tree, picture.ownerOrgId, p.organisationId)
  );
}

/** M1: police who may read a police-internal layer of the picture (or administer it). */
export function readsPoliceLayers(tree: OrgTree, p: Principal, picture: PictureAccessInput): boolean {
  if (!isPolicePrincipal(tree, p)) return false;
  if (pictureRightOf(tree, p, picture) === 'admin') return true;
  return picture.layers.some((l) => l.classification === 'police_internal' && layerRight(tree, p, l) !== 'none');
}

export function measureRight(tree: OrgTree, p: Principal, picture: PictureAccessInput, m: MeasureAccessInput): MeasureRight {
  const police = isPolicePrincipal(tree, p);
  // M6 (AC1)
  if (m.classification === 'police_internal' && !police) return 'none';
  let right: MeasureRight = 'none';
  if (plansForPicture(tree, p, picture)) return 'write'; // M2
  if (readsPoliceLayers(tree, p, picture)) right = best(right, 'read'); // M1
  const viewerOnly = readOnly(p);
  if (p.organisationId === m.ownerOrganisationId) {
    // M3, M5
    const writes = p.roles.some((r) => r === 'partner_editor' || r === 'commander' || r === 'analyst' || r === 'admin');
    right = best(right, viewerOnly ? 'read' : writes ? 'write' : 'record');
  }
  if (m.sharedWith.includes(p.organisationId)) right = best(right, viewerOnly ? 'read' : 'record'); // M4, M5
  if (m.classification === 'public' && pictureRightOf(tree, p, picture) !== 'none') right = best(right, 'read'); // M7
  return right;
}

export type CreateDecision = 'allowed' | 'forbidden' | 'not_found' | 'classification';

/** M8: may the principal create a measure of this classification in the picture? */
export function createDecision(tree: OrgTree, p: Principal, picture: PictureAccessInput, classification: Classification): CreateDecision {
  const pictureRight = pictureRightOf(tree, p, picture);
  if (pictureRight === 'none') return 'not_found';
  if (plansForPicture(tree, p, picture)) return 'allowed';
  if (isPolicePrincipal(tree, p)) return 'forbidden';
  if (readOnly(p) || !p.roles.includes('partner_editor') || pictureRight !== 'write') return 'forbidden';
  return classification === 'police_internal' ? 'classification' : 'allowed';
}

/**
 * M6: sentences for each problem of a measure's owner and sharing given its classification: unknown
 * organisations, a police-internal measure owned by or shared with a partner.
 */
export function sharingProblems(tree: OrgTree, classification: Classification, ownerOrganisationId: string, sharedWith: readonly string[]): string[] {
  const problems: string[] = [];
  const owner = tree.get(ownerOrganisationId);
  if (classification === 'police_internal' && owner && !isPoliceOrgKind(owner.kind)) {
    problems.push(`A police-internal measure cannot be owned by the partner organisation "${ownerOrganisationId}".`);
  }
  for (const id of sharedWith) {
    const org = tree.get(id);
    if (!org) problems.push(`sharedWith: organisation ${id} does not exist.`);
    else if (classification === 'police_internal' && !isPoliceOrgKind(org.kind)) {
      problems.push(`sharedWith: a police-internal measure cannot be shared with the partner organisation "${id}".`);
    }
  }
  return problems;
}
