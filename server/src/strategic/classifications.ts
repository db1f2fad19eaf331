/**
 * Official classifications as their own versioned layer: the police's utsatta områden (December 2025).
 * Shown beside the indicators and used to validate the index (AUC, watch list) — never merged into it.
 */
import { parseCsv, parseStatNumber } from './csv.ts';
import { StrategicError, StrategicErrorCode } from './errors.ts';
import type { AreaGeometry } from './projection.ts';
import { type BBox, bboxOf } from './areas.ts';

export type UsoCategory = 'utsatt' | 'sarskilt_utsatt';

/** Version label of the shipped edition. */
export const USO_VERSION = '2025-12';
export const USO_ATTRIBUTION = 'Källa: Polismyndigheten';

export interface UsoArea {
  /** Stable id within the edition: `USO2025-<SPECIALOMRADES_ID or OBJECTID>`. */
  id: string;
  version: string;
  name: string;
  category: UsoCategory;
  /** As published: "Utsatt område" / "Särskilt utsatt område". */
  categoryLabel: string;
  town: string;
  localPoliceArea: string;
  localPoliceAreaCode: string;
  policeArea: string;
  policeRegion: string;
  /** Date the designation took effect (YYYY-MM-DD). */
  validFrom: string | null;
  /** SCB municipality code, when the town name is a municipality name in `kommunByName`. */
  kommunCode: string | null;
  geometry: AreaGeometry;
  bbox: BBox;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v);
}

/** Parses `uso_2025_wgs84.geojson` (or a later edition with the same attributes). */
export function parseUsoGeoJson(input: unknown, options: { version?: string; kommunByName?: ReadonlyMap<string, string> } = {}): UsoArea[] {
  const doc = (typeof input === 'string' ? JSON.parse(input) : input) as { type?: string; features?: any[] };
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new StrategicError(StrategicErrorCode.InvalidImport, 'utsatta områden: expected a GeoJSON FeatureCollection.');
  }
  const version = options.version ?? USO_VERSION;
  return doc.features.map((f, i) => {
    const p = f.properties ?? {};
    const label = str(p.KATEGORI);
    const category: UsoCategory = /särskilt/i.test(label) ? 'sarskilt_utsatt' : 'utsatt';
    const geometry = f.geometry as AreaGeometry;
    const town = str(p.ORT);
    return {
      id: `USO${version.slice(0, 4)}-${str(p.SPECIALOMRADES_ID) || str(p.OBJECTID) || String(i + 1)}`,
      version,
      name: str(p.NAMN),
      category,
      categoryLabel: label,
      town,
      localPoliceArea: str(p.LOKALPOLISOMRADE),
      localPoliceAreaCode: str(p.OMRADESKOD),
      policeArea: str(p.POLISOMRADE),
      policeRegion: str(p.REGION),
      validFrom: /^\d{4}-\d{2}-\d{2}/.test(str(p.AKTUALITET_START)) ? str(p.AKTUALITET_START).slice(0, 10) : null,
      kommunCode: options.kommunByName?.get(town.toLocaleLowerCase('sv-SE')) ?? null,
      geometry,
      bbox: bboxOf(geometry),
    };
  });
}

export interface UsoOverlapRow {
  code: string;
  level: 'deso' | 'regso' | 'kommun';
  /** Most severe class present in the unit. */
  class: 'utsatt' | 'sarskilt';
  sharePct: number;
  utsattPct: number;
  sarskiltPct: number;
}

/** Parses `uso_2025_overlap_deso_regso_kommun.csv` (`;`-separated). Malformed lines are skipped. */
export function parseUsoOverlap(csvText: string): UsoOverlapRow[] {
  const out: UsoOverlapRow[] = [];
  for (const r of parseCsv(csvText, ';').slice(1)) {
    const [code, level, cls, share, ut, sa] = r.fields.map((s) => s.trim());
    if (!code || (level !== 'deso' && level !== 'regso' && level !== 'kommun') || (cls !== 'utsatt' && cls !== 'sarskilt')) continue;
    const n = [share, ut, sa].map((s) => parseStatNumber(s ?? ''));
    if (!n.every((x) => x.ok)) continue;
    const [s1, s2, s3] = n.map((x) => (x.ok ? x.value : 0));
    out.push({ code, level, class: cls, sharePct: s1, utsattPct: s2, sarskiltPct: s3 });
  }
  return out;
}

/**
 * Units counted as designated at a level: those covered by at least `minSharePct` % (DeSO/RegSO default
 * 50 %: most of the unit lies in a designated area). At kommun level use `minSharePct: 0` (contains one).
 */
export function designatedUnits(rows: readonly UsoOverlapRow[], level: UsoOverlapRow['level'], minSharePct = 50): Map<string, UsoOverlapRow['class']> {
  const m = new Map<string, UsoOverlapRow['class']>();
  for (const r of rows) if (r.level === level && r.sharePct >= minSharePct && r.sharePct > 0) m.set(r.code, r.class);
  return m;
}
