/**
 * Layer access rules, pure so that REST, the Yjs gateway, live events, export and history all ask the
 * same question the same way. See SPEC rules AC1–AC6 in shared/src/ACCESS.md.
 */
import { isPoliceOrgKind, type Role } from './roles.ts';

export const CLASSIFICATIONS = ['police_internal', 'partner', 'public'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export type Right = 'none' | 'read' | 'write' | 'admin';
const RANK: Record<Right, number> = { none: 0, read: 1, write: 2, admin: 3 };

export type AccessSubject =
  | { type: 'organisation'; id: string; includeSubtree: boolean }
  | { type: 'role'; role: Role };

export interface AccessEntry {
  subject: AccessSubject;
  right: 'read' | 'write';
}

export interface OrgNode {
  id: string;
  kind: string;
  parentId: string | null;
}

/** Organisation tree as a lookup, built once per request or cached by the server. */
export interface OrgTree {
  get(id: string): OrgNode | undefined;
}

export interface Principal {
  userId: string;
  organisationId: string;
  roles: readonly Role[];
}

export interface LayerAccessInput {
  classification: Classification;
  entries: readonly AccessEntry[];
  /** The organisation owning the picture the layer belongs to. */
  ownerOrgId: string;
}

export function maxRight(a: Right, b: Right): Right {
  return RANK[a] >= RANK[b] ? a : b;
}

export function atLeast(right: Right, wanted: Right): boolean {
  return RANK[right] >= RANK[wanted];
}

/** True when `orgId` is `ancestorId` or lies below it. */
export function isWithin(tree: OrgTree, orgId: string, ancestorId: string): boolean {
  let cur: string | null = orgId;
  for (let guard = 0; cur && guard < 64; guard++) {
    if (cur === ancestorId) return true;
    cur = tree.get(cur)?.parentId ?? null;
  }
  return false;
}

export function isPolicePrincipal(tree: OrgTree, p: Principal): boolean {
  const org = tree.get(p.organisationId);
  return !!org && isPoliceOrgKind(org.kind);
}

/**
 * The caller's right on a layer.
 * AC1 police_internal content is never readable by a non-police principal, whatever the entries say.
 * AC2 admins and commanders of the owner organisation or any police unit above it administer the layer.
 * AC3 otherwise the best matching entry wins (organisation, optionally with its subtree, or role).
 * AC4 partner_viewer is read-only: its right is capped at read.
 * AC5 public layers are readable by every authenticated principal.
 */
export function layerRight(tree: OrgTree, p: Principal, layer: LayerAccessInput): Right {
  const police = isPolicePrincipal(tree, p);
  if (layer.classification === 'police_internal' && !police) return 'none';
  if (police && (p.roles.includes('admin') || p.roles.includes('commander')) && isWithin(tree, layer.ownerOrgId, p.organisationId)) {
    return 'admin';
  }
  let right: Right = layer.classification === 'public' ? 'read' : 'none';
  for (const e of layer.entries) {
    const s = e.subject;
    const matches =
      s.type === 'organisation'
        ? s.includeSubtree
          ? isWithin(tree, p.organisationId, s.id)
          : p.organisationId === s.id
        : p.roles.includes(s.role);
    if (matches) right = maxRight(right, e.right);
  }
  const readOnly = p.roles.length > 0 && p.roles.every((r) => r === 'partner_viewer');
  if (readOnly && atLeast(right, 'write')) right = 'read';
  return right;
}

/**
 * AC6 a police_internal layer may only be granted to police organisations and police roles. (A police
 * unit's subtree may include attached partners; AC1 keeps them out all the same.)
 * Returns one sentence per refused entry.
 */
export function accessListProblems(tree: OrgTree, classification: Classification, entries: readonly AccessEntry[]): string[] {
  const problems: string[] = [];
  entries.forEach((e, i) => {
    const s = e.subject;
    if (s.type === 'organisation') {
      const org = tree.get(s.id);
      if (!org) problems.push(`Entry ${i + 1}: organisation ${s.id} does not exist.`);
      else if (classification === 'police_internal' && !isPoliceOrgKind(org.kind))
        problems.push(`Entry ${i + 1}: a police-internal layer cannot be shared with the partner organisation "${s.id}".`);
    } else if (classification === 'police_internal' && (s.role === 'partner_editor' || s.role === 'partner_viewer')) {
      problems.push(`Entry ${i + 1}: a police-internal layer cannot be shared with the partner role "${s.role}".`);
    }
  });
  return problems;
}

/**
 * Entries granting `right` to `orgId` and every police organisation below it, each without its subtree.
 * A police unit's subtree also holds the partners attached to it; an entry with `includeSubtree` would share
 * with all of them. Default access lists use this, so sharing with a partner is always an explicit choice.
 */
export function policeUnitEntries(tree: OrgTree & { all(): Iterable<OrgNode> }, orgId: string, right: 'read' | 'write'): AccessEntry[] {
  const below = [...tree.all()]
    .filter((n) => n.id !== orgId && isPoliceOrgKind(n.kind) && isWithin(tree, n.id, orgId))
    .map((n) => n.id)
    .sort();
  return [orgId, ...below].map((id) => ({ subject: { type: 'organisation', id, includeSubtree: false }, right }));
}

export function orgTreeFrom(nodes: Iterable<OrgNode>): OrgTree & { all(): Iterable<OrgNode> } {
  const map = new Map<string, OrgNode>();
  for (const n of nodes) map.set(n.id, n);
  return { get: (id) => map.get(id), all: () => map.values() };
}
