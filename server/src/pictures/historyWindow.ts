/**
 * Which part of a layer's history a reader may see: only versions from when their current, unbroken read
 * access began. A version is the whole document at one moment, so content written and deleted before a
 * partner was let in would otherwise reach them through the timeline (issue 10, item 12).
 *
 * The access-list timeline comes from the audit trail of `PUT /api/layers/:id/access` (append-only in the
 * database, with the list before and after each change). Times err on the safe side: the audit row is
 * written just after the change, so a grant looks a few milliseconds later than it was, and versions within
 * GRANT_MARGIN_MS after a grant are left out, because with several server processes the version may have
 * been stamped by another clock. The organisation tree is taken as it is now.
 */
import { type AccessEntry, type LayerAccessInput, layerRight, type OrgTree, type Principal } from '../../../shared/src/access.ts';
import type { AuditLog } from '../audit/audit.ts';

export interface AccessChange {
  at: Date;
  before: readonly AccessEntry[];
  after: readonly AccessEntry[];
}

/** Versions this close after a grant are not shown to the grantee (clock differences between processes). */
export const GRANT_MARGIN_MS = 1_000;

/** `all`: the whole history; `none`: nothing; otherwise versions taken at or after `since`. */
export type HistoryWindow = { kind: 'all' } | { kind: 'none' } | { kind: 'since'; since: Date };

function entryKey(e: AccessEntry): string {
  const s = e.subject;
  return s.type === 'organisation' ? `org|${s.id}|${s.includeSubtree}|${e.right}` : `role|${s.role}|${e.right}`;
}

function sameEntries(a: readonly AccessEntry[], b: readonly AccessEntry[]): boolean {
  const key = (l: readonly AccessEntry[]) => l.map(entryKey).sort().join('\n');
  return key(a) === key(b);
}

/**
 * The reader's window on the layer's history, from the layer as it is now and its access changes (oldest
 * first; null when the trail could not be read). Administrators see everything (AC2 does not depend on the
 * list). A timeline that is unreadable or does not end in the current list (an audit write was lost) gives
 * non-administrators nothing rather than a guess.
 */
export function historyWindow(tree: OrgTree, principal: Principal, layer: LayerAccessInput, changes: readonly AccessChange[] | null): HistoryWindow {
  const now = layerRight(tree, principal, layer);
  if (now === 'admin') return { kind: 'all' };
  if (now === 'none' || changes === null) return { kind: 'none' };
  if (changes.length > 0 && !sameEntries(changes[changes.length - 1].after, layer.entries)) return { kind: 'none' };
  const reads = (entries: readonly AccessEntry[]) => layerRight(tree, principal, { ...layer, entries }) !== 'none';
  for (let k = changes.length - 1; k >= 0; k--) {
    if (!reads(changes[k].after)) return { kind: 'none' };
    if (!reads(changes[k].before)) return { kind: 'since', since: new Date(changes[k].at.getTime() + GRANT_MARGIN_MS) };
  }
  return { kind: 'all' };
}

export function inWindow(w: HistoryWindow, at: Date): boolean {
  return w.kind === 'all' || (w.kind === 'since' && at.getTime() >= w.since.getTime());
}

function entriesOf(v: unknown): AccessEntry[] | null {
  return Array.isArray(v) ? (v as AccessEntry[]) : null;
}

/** The layer's successful access changes from the audit trail, oldest first; null when one is unreadable. */
export async function accessChanges(audit: Pick<AuditLog, 'successes'>, layerId: string): Promise<AccessChange[] | null> {
  const rows = await audit.successes('layer.access.update', layerId);
  const out: AccessChange[] = [];
  for (const r of rows) {
    let detail: { before?: unknown; after?: unknown };
    try {
      detail = JSON.parse(r.detail ?? 'null') ?? {};
    } catch {
      return null;
    }
    const before = entriesOf(detail.before);
    const after = entriesOf(detail.after);
    if (!before || !after) return null;
    out.push({ at: r.at, before, after });
  }
  return out;
}
