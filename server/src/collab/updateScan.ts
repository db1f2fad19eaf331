import * as decoding from 'lib0/decoding';

/**
 * What the server must know about a Yjs update (format v1) before it applies it: who wrote structs, what it
 * deletes, and the items whose content can carry a name (ContentAny, ContentJSON), with what their map key
 * is resolved from. Read straight from the bytes, as Yjs's `decodeUpdate` reads them, but without building an
 * Item, ID and Content object for every struct: every edit of every writer is scanned (issue 14).
 *
 * It throws exactly where `Y.decodeUpdate` throws, so a malformed update is refused before it can touch a
 * document (Yjs applies an update's structs before it reads its delete set). `updateScan.test.ts` compares
 * both on generated and corrupted updates.
 */
export interface ScannedItem {
  client: number;
  clock: number;
  length: number;
  /** Left origin (-1: none). */
  originClient: number;
  originClock: number;
  /** Right origin (-1: none). */
  rightClient: number;
  rightClock: number;
  /** The parent is written in the update (a root type's name or an item id): the item is not placed by origins. */
  hasParent: boolean;
  /** The map key written in the update (only when hasParent). */
  parentSub: string | null;
  /** Decoded values of ContentAny / ContentJSON items; null for other content. */
  values: unknown[] | null;
}

export interface ScannedUpdate {
  structCount: number;
  /** Client ids that wrote at least one struct (once each, in update order). */
  clients: number[];
  items: ScannedItem[];
  /** Deleted ranges per client, as [clock, len] pairs. */
  deletes: Map<number, number[]>;
}

const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;
const BITS5 = 31;
const SKIP = 10;

export function scanUpdate(update: Uint8Array): ScannedUpdate {
  const d = decoding.createDecoder(update);
  const items: ScannedItem[] = [];
  // A Set, not Array.includes: an update may hold many blocks, and a scan must stay linear in its size.
  const clients = new Set<number>();
  let structCount = 0;
  const blocks = decoding.readVarUint(d);
  for (let b = 0; b < blocks; b++) {
    const n = decoding.readVarUint(d);
    const client = decoding.readVarUint(d);
    let clock = decoding.readVarUint(d);
    if (n > 0) clients.add(client);
    for (let i = 0; i < n; i++) {
      const info = decoding.readUint8(d);
      structCount++;
      if (info === SKIP) {
        clock += decoding.readVarUint(d);
      } else if ((info & BITS5) !== 0) {
        const item = readItem(d, info, client, clock);
        clock += item.length;
        items.push(item);
      } else {
        clock += decoding.readVarUint(d);
      }
    }
  }
  const deletes = new Map<number, number[]>();
  const ds = decoding.readVarUint(d);
  for (let i = 0; i < ds; i++) {
    const client = decoding.readVarUint(d);
    const n = decoding.readVarUint(d);
    if (n === 0) continue;
    let ranges = deletes.get(client);
    if (!ranges) {
      ranges = [];
      deletes.set(client, ranges);
    }
    for (let j = 0; j < n; j++) ranges.push(decoding.readVarUint(d), decoding.readVarUint(d));
  }
  return { structCount, clients: [...clients], items, deletes };
}

function readItem(d: decoding.Decoder, info: number, client: number, clock: number): ScannedItem {
  let originClient = -1;
  let originClock = -1;
  let rightClient = -1;
  let rightClock = -1;
  if ((info & BIT8) === BIT8) {
    originClient = decoding.readVarUint(d);
    originClock = decoding.readVarUint(d);
  }
  if ((info & BIT7) === BIT7) {
    rightClient = decoding.readVarUint(d);
    rightClock = decoding.readVarUint(d);
  }
  const hasParent = (info & (BIT7 | BIT8)) === 0;
  let parentSub: string | null = null;
  if (hasParent) {
    if (decoding.readVarUint(d) === 1) decoding.readVarString(d);
    else {
      decoding.readVarUint(d);
      decoding.readVarUint(d);
    }
    if ((info & BIT6) === BIT6) parentSub = decoding.readVarString(d);
  }
  let length = 1;
  let values: unknown[] | null = null;
  switch (info & BITS5) {
    case 1: // ContentDeleted
      length = decoding.readVarUint(d);
      break;
    case 2: {
      // ContentJSON
      const n = decoding.readVarUint(d);
      values = [];
      for (let i = 0; i < n; i++) {
        const c = decoding.readVarString(d);
        values.push(c === 'undefined' ? undefined : JSON.parse(c));
      }
      length = n;
      break;
    }
    case 3: // ContentBinary
      decoding.readVarUint8Array(d);
      break;
    case 4: // ContentString: its length counts UTF-16 code units, as Yjs's does
      length = decoding.readVarString(d).length;
      break;
    case 5: // ContentEmbed
      JSON.parse(decoding.readVarString(d));
      break;
    case 6: // ContentFormat
      decoding.readVarString(d);
      JSON.parse(decoding.readVarString(d));
      break;
    case 7: {
      // ContentType: YArray, YMap, YText, YXmlElement (named), YXmlFragment, YXmlHook (named), YXmlText
      const ref = decoding.readVarUint(d);
      if (ref === 3 || ref === 5) decoding.readVarString(d);
      else if (ref > 6) throw new Error('unknown type reference');
      break;
    }
    case 8: {
      // ContentAny
      const n = decoding.readVarUint(d);
      values = [];
      for (let i = 0; i < n; i++) values.push(decoding.readAny(d));
      length = n;
      break;
    }
    case 9: {
      // ContentDoc: Yjs reads its options' shouldLoad, which fails on null or undefined
      decoding.readVarString(d);
      const opts = decoding.readAny(d) as { shouldLoad?: unknown } | null | undefined;
      if (opts === null || opts === undefined) throw new Error('subdocument without options');
      break;
    }
    default: // 10 (Skip) with flag bits, and 11–31: not content
      throw new Error('unexpected content type');
  }
  return { client, clock, length, originClient, originClock, rightClient, rightClock, hasParent, parentSub, values };
}
