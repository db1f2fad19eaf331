import * as Y from 'yjs';

/**
 * Authorship in a layer document is what the server can vouch for: a writer may only put its own name in
 * a feature's `createdBy` or in a comment's or log entry's `author`. Checked on the decoded update, before
 * it touches the document, so a spoofed value is never applied, stored, relayed or shown to anyone.
 *
 * Refusing (rather than rewriting the value afterwards) keeps the document exactly what the writer sent
 * or nothing at all: a rewrite would make the server the author of a correction in every peer's history.
 */
export type AuthorshipVerdict = 'ok' | 'spoofed' | 'unresolvable';

type Struct = Y.Item | Y.GC | Y.Skip;

const AUTHOR_FIELD = 'author';
const CREATED_BY = 'createdBy';

/** `names` are the values the writer may use for itself (its username and display name). */
export function checkAuthorship(structs: readonly Struct[], store: Y.Doc['store'], names: readonly string[]): AuthorshipVerdict {
  let index: Map<number, Y.Item[]> | undefined;
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    const c = s.content;
    if (!(c instanceof Y.ContentAny) && !(c instanceof Y.ContentJSON)) continue;
    const values = c.arr as unknown[];
    let hasString = false;
    for (const v of values) {
      if (typeof v === 'string') hasString = true;
      else if (v !== null && typeof v === 'object' && Object.hasOwn(v, AUTHOR_FIELD) && !names.includes((v as Record<string, unknown>)[AUTHOR_FIELD] as string)) {
        return 'spoofed';
      }
    }
    if (!hasString) continue;
    index ??= indexById(structs);
    const key = mapKeyOf(s, index, store, structs.length);
    if (key === undefined) return 'unresolvable';
    if (key === CREATED_BY && !values.every((v) => typeof v === 'string' && names.includes(v))) return 'spoofed';
  }
  return 'ok';
}

function indexById(structs: readonly Struct[]): Map<number, Y.Item[]> {
  const out = new Map<number, Y.Item[]>();
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    const list = out.get(s.id.client);
    if (list) list.push(s);
    else out.set(s.id.client, [s]);
  }
  return out;
}

function findInUpdate(index: Map<number, Y.Item[]>, id: Y.ID): Y.Item | undefined {
  const list = index.get(id.client);
  if (!list) return undefined;
  for (const it of list) if (id.clock >= it.id.clock && id.clock < it.id.clock + it.length) return it;
  return undefined;
}

/**
 * The map key an item is stored under, null for an array element, undefined when it cannot be known.
 * Only a new key carries its key in the update; an overwrite names the previous value as its origin,
 * so the key is found by following origins (inside the update, then in the document).
 */
function mapKeyOf(item: Y.Item, index: Map<number, Y.Item[]>, store: Y.Doc['store'], maxSteps: number): string | null | undefined {
  let cur: Y.Item = item;
  // Bounded: an honest origin chain is at most the update's length plus one step into the document.
  for (let steps = 0; steps <= maxSteps; steps++) {
    if (cur.parentSub !== null) return cur.parentSub;
    if (cur.parent !== null) return null;
    const ref = cur.origin ?? cur.rightOrigin;
    if (!ref) return undefined;
    const inUpdate = findInUpdate(index, ref);
    if (inUpdate) {
      if (inUpdate === cur) return undefined;
      cur = inUpdate;
      continue;
    }
    if (ref.clock >= Y.getState(store, ref.client)) return undefined;
    const stored = Y.getItem(store, ref);
    // Next to a collected struct (its feature was deleted) Yjs collects the new item too: it can never show.
    if (!(stored instanceof Y.Item)) return null;
    return stored.parentSub;
  }
  return undefined;
}
