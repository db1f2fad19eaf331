import type { CellArrays } from './engine.ts';

/**
 * A run's per-cell arrays as one buffer, for the database and for transfer out of the worker:
 * [u32 header length][header JSON][arrays, each 8-byte aligned]. Versioned so old rows stay readable.
 */
const VERSION = 1;

type ArrayName = 'cellIndex' | 'flat' | 'counts' | 'testCounts' | 'rrs' | 'classes' | 'expected' | 'clusterOf';
type Typed = Int32Array | Float64Array | Uint8Array;
const CTORS = { Int32Array, Float64Array, Uint8Array } as const;

interface Header {
  v: number;
  grid: { originX: number; originY: number; cellSize: number; cols: number; rows: number; n: number };
  arrays: Array<{ name: string; type: keyof typeof CTORS; offset: number; length: number }>;
}

export function encodeCells(c: CellArrays): Uint8Array {
  const entries: Array<[string, Typed]> = [
    ['cellIndex', c.grid.cellIndex],
    ['flat', c.grid.flat],
    ['counts', c.counts],
    ['rrs', c.rrs],
    ['classes', c.classes],
    ['expected', c.expected],
    ['clusterOf', c.clusterOf],
  ];
  if (c.testCounts) entries.push(['testCounts', c.testCounts]);
  for (const s of c.selected) entries.push([`sel:${s.variable}`, s.values]);
  let offset = 0;
  const arrays: Header['arrays'] = entries.map(([name, a]) => {
    const entry = { name, type: a.constructor.name as keyof typeof CTORS, offset, length: a.length };
    offset += Math.ceil(a.byteLength / 8) * 8;
    return entry;
  });
  const { originX, originY, cellSize, cols, rows, n } = c.grid;
  const header = new TextEncoder().encode(JSON.stringify({ v: VERSION, grid: { originX, originY, cellSize, cols, rows, n }, arrays } satisfies Header));
  const start = Math.ceil((4 + header.byteLength) / 8) * 8;
  const out = new Uint8Array(start + offset);
  new DataView(out.buffer).setUint32(0, header.byteLength, true);
  out.set(header, 4);
  entries.forEach(([, a], i) => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + arrays[i].offset);
  });
  return out;
}

export function decodeCells(bytes: Uint8Array): CellArrays {
  // Copy into an aligned buffer of our own: database drivers hand out views at arbitrary offsets.
  const buf = new Uint8Array(bytes.byteLength);
  buf.set(bytes);
  const headerLength = new DataView(buf.buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(buf.subarray(4, 4 + headerLength))) as Header;
  if (header.v !== VERSION) throw new Error(`unsupported cells encoding version ${header.v}`);
  const start = Math.ceil((4 + headerLength) / 8) * 8;
  const get = (name: string): Typed | undefined => {
    const a = header.arrays.find((x) => x.name === name);
    if (!a) return undefined;
    return new CTORS[a.type](buf.buffer, start + a.offset, a.length);
  };
  const must = <T extends Typed>(name: ArrayName) => {
    const a = get(name);
    if (!a) throw new Error(`cells encoding lacks ${name}`);
    return a as T;
  };
  return {
    grid: { ...header.grid, cellIndex: must<Int32Array>('cellIndex'), flat: must<Int32Array>('flat') },
    counts: must<Int32Array>('counts'),
    testCounts: (get('testCounts') as Int32Array | undefined) ?? null,
    rrs: must<Float64Array>('rrs'),
    classes: must<Uint8Array>('classes'),
    expected: must<Float64Array>('expected'),
    clusterOf: must<Int32Array>('clusterOf'),
    selected: header.arrays.filter((a) => a.name.startsWith('sel:')).map((a) => ({ variable: a.name.slice(4), values: get(a.name) as Uint8Array })),
  };
}
