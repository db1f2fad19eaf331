import { type OrgNode, type OrgTree, orgTreeFrom } from '../../../shared/src/access.ts';
import type { Db } from '../db/database.ts';

export interface OrgRecord extends OrgNode {
  name: string;
  areaCode: string | null;
}

/**
 * The organisation tree, cached: access checks run on every message, and organisations change rarely.
 * Any write through the admin API calls invalidate(); other processes pick changes up within `ttlMs`.
 */
export class OrgDirectory {
  private tree: (OrgTree & { all(): Iterable<OrgNode> }) | undefined;
  private records = new Map<string, OrgRecord>();
  private loadedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 5_000,
  ) {}

  async load(): Promise<OrgTree & { all(): Iterable<OrgNode> }> {
    if (this.tree && Date.now() - this.loadedAt < this.ttlMs) return this.tree;
    const rows = await this.db.organisation.findMany();
    this.records = new Map(rows.map((r) => [r.id, { id: r.id, kind: r.kind, parentId: r.parentId, name: r.name, areaCode: r.areaCode }]));
    this.tree = orgTreeFrom(this.records.values());
    this.loadedAt = Date.now();
    return this.tree;
  }

  /** Synchronous view of the last loaded tree (for hot paths that already awaited load()). */
  current(): OrgTree & { all(): Iterable<OrgNode> } {
    if (!this.tree) throw new Error('OrgDirectory.load() must run before current()');
    return this.tree;
  }

  async get(id: string): Promise<OrgRecord | undefined> {
    await this.load();
    return this.records.get(id);
  }

  invalidate(): void {
    this.tree = undefined;
  }
}
