import * as Y from 'yjs';
import type { ScannedItem, ScannedUpdate } from './updateScan.ts';

/**
 * Authorship in a layer document is what the server can vouch for: a writer may only put its own name in
 * a feature's `createdBy` or in a comment's or log entry's `author`. Checked on the scanned update, before
 * it touches the document, so a spoofed value is never applied, stored, relayed or shown to anyone.
 *
 * Refusing (rather than rewriting the value afterwards) keeps the document exactly what the writer sent
 * or nothing at all: a rewrite would make the server the author of a correction in every peer's history.
 */
export type AuthorshipVerdict = 'ok' | 'spoofed' | 'unresolvable';

const AUTHOR_FIELD = 'author';
const CREATED_BY = 'createdBy';

/** `names` are the values the writer may use for itself (its username and display name). */
export function checkAuthorship(update: ScannedUpdate, store: Y.Doc['store'], names: readonly string[]): AuthorshipVerdict {
  let keys: KeyResolver | undefined;
  for (const item of update.items) {
    const values = item.values;
    if (values === null) continue;
    let hasString = false;
    for (const v of values) {
      if (typeof v === 'string') hasString = true;
      else if (v !== null && typeof v === 'object' && Object.hasOwn(v, AUTHOR_FIELD) && !names.includes((v as Record<string, unknown>)[AUTHOR_FIELD] as string)) {
        return 'spoofed';
      }
    }
    if (!hasString) continue;
    keys ??= new KeyResolver(update.items, store);
    const key = keys.keyOf(item);
    if (key === undefined) return 'unresolvable';
    if (key === CREATED_BY && !values.every((v) => typeof v === 'string' && names.includes(v))) return 'spoofed';
  }
  return 'ok';
}

/** Not resolved yet; distinct from undefined ("cannot be known"). */
const PENDING = Symbol('pending');

/**
 * The map key an item is stored under, null for an array element, undefined when it cannot be known.
 * Only a new key carries its key in the update; an overwrite names the previous value as its origin,
 * so the key is found by following origins (inside the update, then in the document). Every item's key is
 * resolved once and kept, and items are found by binary search, so an update of many chained overwrites
 * costs O(n log n), not O(n²) or worse; a chain that loops back on itself cannot be known.
 */
class KeyResolver {
  private readonly byClient = new Map<number, ScannedItem[]>();
  /** Clients whose items are not in ascending, non-overlapping clock order (never written so by Yjs). */
  private readonly irregular = new Set<number>();
  private readonly resolved = new Map<ScannedItem, string | null | undefined | typeof PENDING>();

  constructor(
    items: readonly ScannedItem[],
    private readonly store: Y.Doc['store'],
  ) {
    for (const it of items) {
      const list = this.byClient.get(it.client);
      if (!list) {
        this.byClient.set(it.client, [it]);
        continue;
      }
      const last = list[list.length - 1];
      if (it.clock < last.clock + last.length) this.irregular.add(it.client);
      list.push(it);
    }
  }

  keyOf(item: ScannedItem): string | null | undefined {
    const chain: ScannedItem[] = [];
    let cur = item;
    let key: string | null | undefined;
    for (;;) {
      const known = this.resolved.get(cur);
      if (known === PENDING) {
        key = undefined; // back on this chain: a loop
        break;
      }
      if (known !== undefined || this.resolved.has(cur)) {
        key = known as string | null | undefined;
        break;
      }
      this.resolved.set(cur, PENDING);
      chain.push(cur);
      if (cur.parentSub !== null) {
        key = cur.parentSub;
        break;
      }
      if (cur.hasParent) {
        key = null;
        break;
      }
      const useLeft = cur.originClient !== -1;
      if (!useLeft && cur.rightClient === -1) {
        key = undefined;
        break;
      }
      const client = useLeft ? cur.originClient : cur.rightClient;
      const clock = useLeft ? cur.originClock : cur.rightClock;
      const inUpdate = this.find(client, clock);
      if (inUpdate) {
        cur = inUpdate;
        continue;
      }
      if (clock >= Y.getState(this.store, client)) {
        key = undefined;
        break;
      }
      const stored = Y.getItem(this.store, Y.createID(client, clock));
      // Next to a collected struct (its feature was deleted) Yjs collects the new item too: it can never show.
      key = stored instanceof Y.Item ? stored.parentSub : null;
      break;
    }
    for (const it of chain) this.resolved.set(it, key);
    return key;
  }

  /** The first item of the client, in update order, that holds the clock. */
  private find(client: number, clock: number): ScannedItem | undefined {
    const list = this.byClient.get(client);
    if (!list) return undefined;
    if (this.irregular.has(client)) return list.find((it) => clock >= it.clock && clock < it.clock + it.length);
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const it = list[mid];
      if (clock < it.clock) hi = mid - 1;
      else if (clock >= it.clock + it.length) lo = mid + 1;
      else return it;
    }
    return undefined;
  }
}
