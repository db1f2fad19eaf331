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
  let index: Map<number, ScannedItem[]> | undefined;
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
    index ??= indexByClient(update.items);
    const key = mapKeyOf(item, index, store, update.structCount);
    if (key === undefined) return 'unresolvable';
    if (key === CREATED_BY && !values.every((v) => typeof v === 'string' && names.includes(v))) return 'spoofed';
  }
  return 'ok';
}

function indexByClient(items: readonly ScannedItem[]): Map<number, ScannedItem[]> {
  const out = new Map<number, ScannedItem[]>();
  for (const it of items) {
    const list = out.get(it.client);
    if (list) list.push(it);
    else out.set(it.client, [it]);
  }
  return out;
}

function findInUpdate(index: Map<number, ScannedItem[]>, client: number, clock: number): ScannedItem | undefined {
  const list = index.get(client);
  if (!list) return undefined;
  for (const it of list) if (clock >= it.clock && clock < it.clock + it.length) return it;
  return undefined;
}

/**
 * The map key an item is stored under, null for an array element, undefined when it cannot be known.
 * Only a new key carries its key in the update; an overwrite names the previous value as its origin,
 * so the key is found by following origins (inside the update, then in the document).
 */
function mapKeyOf(item: ScannedItem, index: Map<number, ScannedItem[]>, store: Y.Doc['store'], maxSteps: number): string | null | undefined {
  let cur = item;
  // Bounded: an honest origin chain is at most the update's length plus one step into the document.
  for (let steps = 0; steps <= maxSteps; steps++) {
    if (cur.parentSub !== null) return cur.parentSub;
    if (cur.hasParent) return null;
    const useLeft = cur.originClient !== -1;
    if (!useLeft && cur.rightClient === -1) return undefined;
    const client = useLeft ? cur.originClient : cur.rightClient;
    const clock = useLeft ? cur.originClock : cur.rightClock;
    const inUpdate = findInUpdate(index, client, clock);
    if (inUpdate) {
      if (inUpdate === cur) return undefined;
      cur = inUpdate;
      continue;
    }
    if (clock >= Y.getState(store, client)) return undefined;
    const stored = Y.getItem(store, Y.createID(client, clock));
    // Next to a collected struct (its feature was deleted) Yjs collects the new item too: it can never show.
    if (!(stored instanceof Y.Item)) return null;
    return stored.parentSub;
  }
  return undefined;
}
