/**
 * GeoPackage 1.3 (OGC 12-128r18) writer and reader on better-sqlite3, for vector features only: the required
 * tables (gpkg_spatial_ref_sys, gpkg_contents, gpkg_geometry_columns), one feature table per layer, geometries as
 * GeoPackage binary (a "GP" header with an xy envelope, then ISO WKB). Written in WGS84 (EPSG:4326, x = longitude).
 * The reader takes EPSG:4326 and the SWEREF 99 systems (EPSG:3006–3018) and returns WGS84 GeoJSON; anything else,
 * or a file that is not a GeoPackage, gets a GeoPackageError with a sentence saying why.
 */
import Database from 'better-sqlite3';
import proj4 from 'proj4';
import { SWEREF_DEFS, WGS84 } from '../../../shared/src/geo/sweref.ts';
import { mapPositions, roundPosition } from './crs.ts';

export interface GpkgGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: GpkgGeometry[];
}

export interface GpkgFeature {
  type: 'Feature';
  id?: string | number;
  geometry: GpkgGeometry | null;
  properties: Record<string, unknown>;
}

export interface GpkgFeatureCollection {
  type: 'FeatureCollection';
  features: GpkgFeature[];
}

export interface GpkgTableInput {
  /** The table name wanted; made a safe, unique identifier. */
  name: string;
  /** The human title (gpkg_contents.identifier); defaults to the name. */
  title?: string;
  description?: string;
  features: GpkgFeatureCollection;
}

export interface GeoPackageLayer {
  /** The feature table's name. */
  name: string;
  /** gpkg_contents.identifier (a title), or the table name. */
  title: string;
  /** The stored srs_id (features are returned in WGS84 whatever it was). */
  srsId: number;
  features: GpkgFeatureCollection;
}

export class GeoPackageError extends Error {
  override name = 'GeoPackageError';
}

const APPLICATION_ID = 0x47504b47; // "GPKG"
const USER_VERSION = 10300; // 1.3.0
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

const WKB_TYPES: Record<string, number> = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 };
const WKB_NAMES = Object.fromEntries(Object.entries(WKB_TYPES).map(([k, v]) => [v, k])) as Record<number, string>;

// ---------------------------------------------------------------- WKB

class ByteWriter {
  private buf = Buffer.alloc(256);
  length = 0;
  private ensure(n: number) {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u8(v: number) {
    this.ensure(1);
    this.buf.writeUInt8(v, this.length);
    this.length += 1;
  }
  u32(v: number) {
    this.ensure(4);
    this.buf.writeUInt32LE(v, this.length);
    this.length += 4;
  }
  i32(v: number) {
    this.ensure(4);
    this.buf.writeInt32LE(v, this.length);
    this.length += 4;
  }
  f64(v: number) {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

type Pos = number[];

function writeWkb(w: ByteWriter, g: GpkgGeometry): void {
  const code = WKB_TYPES[g.type];
  if (!code) throw new GeoPackageError(`Geometry type ${g.type} cannot be written to a GeoPackage.`);
  w.u8(1);
  w.u32(code);
  const point = (p: Pos) => {
    w.f64(p[0]);
    w.f64(p[1]);
  };
  const line = (ps: Pos[]) => {
    w.u32(ps.length);
    for (const p of ps) point(p);
  };
  const polygon = (rings: Pos[][]) => {
    w.u32(rings.length);
    for (const r of rings) line(r);
  };
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point':
      point(c);
      break;
    case 'LineString':
      line(c);
      break;
    case 'Polygon':
      polygon(c);
      break;
    case 'MultiPoint':
      w.u32((c as Pos[]).length);
      for (const p of c as Pos[]) writeWkb(w, { type: 'Point', coordinates: p });
      break;
    case 'MultiLineString':
      w.u32((c as Pos[][]).length);
      for (const l of c as Pos[][]) writeWkb(w, { type: 'LineString', coordinates: l });
      break;
    case 'MultiPolygon':
      w.u32((c as Pos[][][]).length);
      for (const p of c as Pos[][][]) writeWkb(w, { type: 'Polygon', coordinates: p });
      break;
    case 'GeometryCollection':
      w.u32(g.geometries?.length ?? 0);
      for (const sub of g.geometries ?? []) writeWkb(w, sub);
      break;
  }
}

class ByteReader {
  constructor(
    private readonly buf: Buffer,
    public pos: number,
  ) {}
  le = true;
  need(n: number) {
    if (this.pos + n > this.buf.length) throw new GeoPackageError('A geometry is cut short (WKB ends early).');
  }
  u8() {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  u32() {
    this.need(4);
    const v = this.le ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i32() {
    this.need(4);
    const v = this.le ? this.buf.readInt32LE(this.pos) : this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  f64() {
    this.need(8);
    const v = this.le ? this.buf.readDoubleLE(this.pos) : this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
}

/** Counts above this in one WKB element are taken as corruption, not data. */
const MAX_WKB_COUNT = 50_000_000;

function readWkb(r: ByteReader, depth = 0): GpkgGeometry {
  if (depth > 16) throw new GeoPackageError('A geometry nests too deeply.');
  const order = r.u8();
  if (order > 1) throw new GeoPackageError('A geometry has an unknown WKB byte order.');
  r.le = order === 1;
  let code = r.u32();
  // ISO WKB dimensions: +1000 Z, +2000 M, +3000 ZM; EWKB flags in the high bits.
  let dims = 2;
  if (code & 0x80000000) dims += 1;
  if (code & 0x40000000) dims += 1;
  code &= 0x0fffffff;
  if (code >= 3000) [code, dims] = [code - 3000, 4];
  else if (code >= 2000) [code, dims] = [code - 2000, 3];
  else if (code >= 1000) [code, dims] = [code - 1000, 3];
  const type = WKB_NAMES[code];
  if (!type) throw new GeoPackageError(`A geometry has WKB type ${code}, which is not a simple feature type.`);
  const count = () => {
    const n = r.u32();
    if (n > MAX_WKB_COUNT) throw new GeoPackageError('A geometry claims more positions than any file holds.');
    return n;
  };
  const point = (): Pos => {
    const p = [r.f64(), r.f64()];
    for (let i = 2; i < dims; i++) r.f64();
    return p;
  };
  const line = () => Array.from({ length: count() }, point);
  const polygon = () => Array.from({ length: count() }, line);
  const sub = () => {
    const le = r.le;
    const g = readWkb(r, depth + 1);
    r.le = le;
    return g;
  };
  switch (type) {
    case 'Point': {
      const p = point();
      return Number.isNaN(p[0]) ? { type, coordinates: [] } : { type, coordinates: p };
    }
    case 'LineString':
      return { type, coordinates: line() };
    case 'Polygon':
      return { type, coordinates: polygon() };
    case 'MultiPoint':
    case 'MultiLineString':
    case 'MultiPolygon':
      return { type, coordinates: Array.from({ length: count() }, () => sub().coordinates) };
    default:
      return { type, geometries: Array.from({ length: count() }, sub) };
  }
}

// ---------------------------------------------------------------- GeoPackage binary

function bboxOf(g: GpkgGeometry, acc: number[] = [Infinity, Infinity, -Infinity, -Infinity]): number[] {
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      acc[0] = Math.min(acc[0], c[0]);
      acc[1] = Math.min(acc[1], c[1] as number);
      acc[2] = Math.max(acc[2], c[0]);
      acc[3] = Math.max(acc[3], c[1] as number);
      return;
    }
    for (const x of c) walk(x);
  };
  walk(g.coordinates);
  for (const sub of g.geometries ?? []) bboxOf(sub, acc);
  return acc;
}

/** A geometry as GeoPackage binary: header (magic, version 0, flags, srs_id, xy envelope) and WKB. */
export function encodeGpkgGeometry(g: GpkgGeometry, srsId = 4326): Buffer {
  const w = new ByteWriter();
  const box = bboxOf(g);
  const empty = box[0] === Infinity;
  w.u8(0x47);
  w.u8(0x50);
  w.u8(0);
  // Flags: bit 0 little-endian, bits 1–3 envelope (1: xy), bit 4 empty.
  w.u8(empty ? 0x11 : 0x03);
  w.i32(srsId);
  if (!empty) for (const v of [box[0], box[2], box[1], box[3]]) w.f64(v);
  writeWkb(w, g);
  return Buffer.from(w.bytes());
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

export function decodeGpkgGeometry(blob: Buffer): { geometry: GpkgGeometry | null; srsId: number } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new GeoPackageError('A geometry is not GeoPackage binary (no "GP" header).');
  const flags = blob[3];
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new GeoPackageError('A geometry has an unknown envelope kind.');
  const srsId = flags & 1 ? blob.readInt32LE(4) : blob.readInt32BE(4);
  if (flags & 0x10 && blob.length <= 8 + envelope) return { geometry: null, srsId };
  const geometry = readWkb(new ByteReader(blob, 8 + envelope));
  return { geometry, srsId };
}

// ---------------------------------------------------------------- writer

function safeIdentifier(name: string, taken: Set<string>): string {
  let base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!base || /^\d/.test(base) || base.startsWith('gpkg_') || base.startsWith('sqlite_') || base.startsWith('rtree_')) base = `t_${base}`;
  base = base.slice(0, 60);
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${base}_${i}`;
  taken.add(out.toLowerCase());
  return out;
}

type ColumnType = 'INTEGER' | 'REAL' | 'TEXT' | 'BOOLEAN';

function columnTypeOf(values: unknown[]): ColumnType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'TEXT';
  if (present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.every((v) => typeof v === 'number' && Number.isFinite(v))) return present.every((v) => Number.isInteger(v)) ? 'INTEGER' : 'REAL';
  return 'TEXT';
}

function cellValue(v: unknown, type: ColumnType): string | number | null {
  if (v === null || v === undefined) return null;
  if (type === 'BOOLEAN') return v ? 1 : 0;
  if (type === 'INTEGER' || type === 'REAL') return v as number;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

/**
 * Writes a new GeoPackage at `path` (which must not exist) with one feature table per input. Each table has
 * `fid`, `geom` and a column per property (INTEGER, REAL, BOOLEAN or TEXT; objects and arrays as JSON text);
 * a feature's own id goes in `feature_id`. Returns the table names used, in input order.
 */
export function writeGeoPackage(path: string, tables: readonly GpkgTableInput[]): string[] {
  const db = new Database(path);
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${USER_VERSION}`);
    db.pragma('journal_mode = DELETE');
    const names: string[] = [];
    db.transaction(() => {
      db.exec(`
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
          organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
          description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
          CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
          CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
      `);
      const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
      srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
      srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
      srs.run('WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');

      const taken = new Set<string>();
      const titles = new Set<string>();
      for (const t of tables) {
        const table = safeIdentifier(t.name, taken);
        names.push(table);
        const features = t.features.features;
        const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
        const columnNames = new Set(['fid', 'geom', 'feature_id']);
        const columns = keys.map((key) => ({ key, name: safeIdentifier(key, columnNames), type: columnTypeOf(features.map((f) => f.properties?.[key])) }));
        const types = new Set(features.filter((f) => f.geometry).map((f) => f.geometry!.type));
        const geometryType = types.size === 1 ? [...types][0].toUpperCase() : 'GEOMETRY';
        db.exec(
          `CREATE TABLE ${quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geometryType}, feature_id TEXT${columns.map((c) => `, ${quote(c.name)} ${c.type}`).join('')})`,
        );
        const box = [Infinity, Infinity, -Infinity, -Infinity];
        const insert = db.prepare(`INSERT INTO ${quote(table)} (geom, feature_id${columns.map((c) => `, ${quote(c.name)}`).join('')}) VALUES (?, ?${', ?'.repeat(columns.length)})`);
        for (const f of features) {
          if (f.geometry) bboxOf(f.geometry, box);
          insert.run(f.geometry ? encodeGpkgGeometry(f.geometry) : null, f.id === undefined ? null : String(f.id), ...columns.map((c) => cellValue(f.properties?.[c.key], c.type)));
        }
        let title = t.title ?? t.name;
        for (let i = 2; titles.has(title); i++) title = `${t.title ?? t.name} (${i})`;
        titles.add(title);
        const has = box[0] !== Infinity;
        db.prepare('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 4326)').run(
          table,
          'features',
          title,
          t.description ?? '',
          has ? box[0] : null,
          has ? box[1] : null,
          has ? box[2] : null,
          has ? box[3] : null,
        );
        db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)').run(table, 'geom', geometryType);
      }
    })();
    return names;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------- reader

function toWgs(srsId: number, org: string, code: number, table: string): ((g: GpkgGeometry) => GpkgGeometry) | null {
  if (org.toUpperCase() === 'EPSG' && code === 4326) return null;
  if (org.toUpperCase() === 'OGC' && code === 84) return null;
  const def = org.toUpperCase() === 'EPSG' ? SWEREF_DEFS[`EPSG:${code}`] : undefined;
  if (!def) throw new GeoPackageError(`Table ${table} uses ${org}:${code} (srs_id ${srsId}); only WGS 84 (EPSG:4326) and SWEREF 99 (EPSG:3006–3018) can be read.`);
  const t = proj4(def, WGS84);
  const conv = (g: GpkgGeometry): GpkgGeometry =>
    g.geometries ? { type: g.type, geometries: g.geometries.map(conv) } : mapPositions(g as { type: string; coordinates: unknown }, (p) => roundPosition(t.forward([p[0], p[1]]), 7));
  return conv;
}

/**
 * Reads every feature table of a GeoPackage (a path or the file's bytes) into WGS84 GeoJSON, one collection per
 * table in gpkg_contents order. Feature ids are the tables' integer ids; other columns become properties
 * (BLOBs are left out). Throws GeoPackageError on anything that is not a readable GeoPackage.
 */
export function readGeoPackage(input: Buffer | string): GeoPackageLayer[] {
  let db: Database.Database;
  try {
    db = new Database(input as string, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new GeoPackageError(`The file cannot be opened as a GeoPackage: ${(e as Error).message}.`);
  }
  try {
    let contents: Array<{ table_name: string; identifier: string | null; srs_id: number | null }>;
    try {
      const has = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys')").all();
      if (has.length < 3) throw new GeoPackageError('The file is an SQLite database but not a GeoPackage: it lacks gpkg_contents, gpkg_geometry_columns or gpkg_spatial_ref_sys.');
      contents = db.prepare("SELECT table_name, identifier, srs_id FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid").all() as typeof contents;
    } catch (e) {
      if (e instanceof GeoPackageError) throw e;
      throw new GeoPackageError(`The file is not a GeoPackage (not an SQLite database: ${(e as Error).message}).`);
    }
    const out: GeoPackageLayer[] = [];
    for (const c of contents) {
      const geomCol = db.prepare('SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?').get(c.table_name) as { column_name: string; srs_id: number } | undefined;
      if (!geomCol) throw new GeoPackageError(`Table ${c.table_name} is listed as features but has no row in gpkg_geometry_columns.`);
      const srs = db.prepare('SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(geomCol.srs_id) as
        | { organization: string; organization_coordsys_id: number }
        | undefined;
      if (!srs) throw new GeoPackageError(`Table ${c.table_name} names srs_id ${geomCol.srs_id}, which gpkg_spatial_ref_sys does not define.`);
      const convert = toWgs(geomCol.srs_id, srs.organization, srs.organization_coordsys_id, c.table_name);
      const info = db.prepare(`PRAGMA table_info(${quote(c.table_name)})`).all() as Array<{ name: string; pk: number }>;
      if (info.length === 0) throw new GeoPackageError(`Table ${c.table_name} is listed in gpkg_contents but does not exist.`);
      const pk = info.find((i) => i.pk === 1)?.name;
      const features: GpkgFeature[] = [];
      for (const row of db.prepare(`SELECT * FROM ${quote(c.table_name)}`).iterate() as IterableIterator<Record<string, unknown>>) {
        const blob = row[geomCol.column_name];
        let geometry: GpkgGeometry | null = null;
        if (blob instanceof Uint8Array) {
          try {
            geometry = decodeGpkgGeometry(Buffer.from(blob)).geometry;
          } catch (e) {
            throw new GeoPackageError(`Table ${c.table_name}, feature ${pk ? String(row[pk]) : '?'}: ${(e as Error).message}`);
          }
          if (geometry && convert) geometry = convert(geometry);
        }
        const properties: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) {
          if (k === geomCol.column_name || k === pk || v instanceof Uint8Array) continue;
          properties[k] = typeof v === 'bigint' ? Number(v) : v;
        }
        features.push({ type: 'Feature', ...(pk ? { id: row[pk] as number } : {}), geometry, properties });
      }
      out.push({ name: c.table_name, title: c.identifier ?? c.table_name, srsId: geomCol.srs_id, features: { type: 'FeatureCollection', features } });
    }
    return out;
  } finally {
    db.close();
  }
}
