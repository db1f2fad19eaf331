/**
 * Well-known text (OGC simple features) to GeoJSON geometry, for factor files whose CSV carries a WKT column
 * (what QGIS, PostGIS and most GIS exports write). Only the six types a factor layer can hold; Z and M values
 * are dropped. Throws WktError with a Swedish sentence: the importer shows it per row.
 */
import type { Geometry, Position } from '../../../../shared/src/layerDoc.ts';

export class WktError extends Error {
  override name = 'WktError';
}

type Nested = Position | Nested[];

const TYPES: Record<string, Geometry['type']> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
};

/** Nesting depth of each type's coordinates in GeoJSON (a position is depth 0). */
const DEPTH: Record<Geometry['type'], number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

export function parseWkt(text: string): Geometry {
  // An optional EWKT prefix "SRID=3006;" is accepted and ignored: the import says its CRS once for the file.
  const src = text.trim().replace(/^SRID=\d+;/i, '');
  const m = /^([A-Za-z]+)\s*(?:(ZM|Z|M)\s*)?/.exec(src);
  if (!m) throw new WktError('WKT saknar geometrityp (t.ex. POINT, LINESTRING, POLYGON).');
  const type = TYPES[m[1].toUpperCase()];
  if (!type) throw new WktError(`WKT-typen ${m[1].toUpperCase()} stöds inte; använd POINT, LINESTRING, POLYGON eller deras MULTI-former.`);
  let rest = src.slice(m[0].length).trim();
  if (/^EMPTY$/i.test(rest)) throw new WktError('Geometrin är tom (EMPTY).');
  // MULTIPOINT (1 2, 3 4) is as common as MULTIPOINT ((1 2), (3 4)); both are read.
  if (type === 'MultiPoint' && /^\(.*\)$/s.test(rest)) rest = `(${rest.slice(1, -1).replace(/[()]/g, '')})`;
  let i = 0;
  const fail = (what: string): never => {
    throw new WktError(`WKT kunde inte läsas vid tecken ${i + 1 + (src.length - rest.length)}: ${what}.`);
  };
  const skip = () => {
    while (i < rest.length && /\s/.test(rest[i])) i++;
  };
  function position(): Position {
    skip();
    const nums: number[] = [];
    const re = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
    for (;;) {
      re.lastIndex = i;
      const n = re.exec(rest);
      if (!n) break;
      nums.push(Number(n[0]));
      i = re.lastIndex;
      skip();
    }
    if (nums.length < 2 || nums.length > 4) fail('en koordinat behöver två tal (x y)');
    return [nums[0], nums[1]];
  }
  function list(depth: number): Nested {
    skip();
    if (depth === 0) return position();
    if (rest[i] !== '(') fail('"(" förväntades');
    i++;
    const items: Nested[] = [];
    for (;;) {
      items.push(list(depth - 1));
      skip();
      if (rest[i] === ',') {
        i++;
        continue;
      }
      if (rest[i] === ')') {
        i++;
        return items;
      }
      fail('"," eller ")" förväntades');
    }
  }
  // A point's coordinates are one position inside one pair of parentheses.
  const parsed = list(type === 'Point' ? 1 : DEPTH[type]);
  skip();
  if (i !== rest.length) fail('oväntad text efter geometrin');
  if (type === 'Point' && (parsed as Position[]).length !== 1) fail('en punkt har exakt en koordinat');
  const coords = type === 'Point' ? (parsed as Position[])[0] : parsed;
  return { type, coordinates: coords } as Geometry;
}
