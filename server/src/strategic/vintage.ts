/**
 * Area code vintages. SCB re-cut DeSO/RegSO on 2025-01-01, so the same code string can denote two
 * different areas; values are never joined across vintages. As in SCB's statistics database, a bare
 * DeSO/RegSO code is the 2018 vintage and a 2025 code carries a suffix (`0180C1010_DeSO2025`).
 */
import { StrategicError, StrategicErrorCode } from './errors.ts';

export type AreaLevel = 'country' | 'lan' | 'kommun' | 'deso' | 'regso' | 'district';
export const AREA_LEVELS: readonly AreaLevel[] = ['country', 'lan', 'kommun', 'deso', 'regso', 'district'];

/** Vintage labels of SCB units. Municipal district vintages are in {@link DISTRICT_VINTAGES}. */
export const Vintage = {
  country: 'SE',
  /** The 21 counties, unchanged since Heby moved to Uppsala län (2007). */
  lan: 'LAN2007',
  /** The 290 municipalities, unchanged since 2007. */
  kommun: 'KOMMUN2007',
  deso2018: 'DeSO2018',
  deso2025: 'DeSO2025',
  regso2018: 'RegSO2018',
  regso2025: 'RegSO2025',
} as const;

/** District code infix → vintage (see assets/geo/README.md). */
export const DISTRICT_VINTAGES: Readonly<Record<string, string>> = {
  '0180-SD': 'STHLM-SD2021',
  '0180-BO': 'STHLM-BO2016',
  '1480-BO': 'GBG-BO2021',
  '1280-DO': 'MALMO-DO2023',
};

export interface ParsedAreaCode {
  /** Canonical code: `SE`, `12`, `1280`, `2080A0010`, `2080A0010_DeSO2025`, `0114R001_RegSO2025`, `1280-DO-24407`. */
  code: string;
  /** Code without vintage suffix. */
  baseCode: string;
  level: AreaLevel;
  vintage: string;
  /** SCB municipality code the area lies in (null for country and län). */
  kommunCode: string | null;
}

const DESO = /^(\d{4})([ABC]\d{4})(?:_(deso)(\d{4}))?$/i;
const REGSO = /^(\d{4})(R\d{3})(?:_(regso)(\d{4}))?$/i;
const DISTRICT = /^(\d{4}-[A-Z]{2})-([A-Z0-9_]+)$/;

/**
 * Recognises an area code and infers level and vintage, or returns null for an unknown format.
 * `00` and `SE` (Riket) are the country.
 */
export function parseAreaCode(raw: string): ParsedAreaCode | null {
  const s = raw.trim();
  if (s === 'SE' || s === '00') return { code: 'SE', baseCode: 'SE', level: 'country', vintage: Vintage.country, kommunCode: null };
  if (/^\d{2}$/.test(s)) return { code: s, baseCode: s, level: 'lan', vintage: Vintage.lan, kommunCode: null };
  if (/^\d{4}$/.test(s)) return { code: s, baseCode: s, level: 'kommun', vintage: Vintage.kommun, kommunCode: s };
  let m = DESO.exec(s);
  if (m) {
    const base = `${m[1]}${m[2].toUpperCase()}`;
    const year = m[4] ?? '2018';
    const vintage = `DeSO${year}`;
    return { code: year === '2018' ? base : `${base}_${vintage}`, baseCode: base, level: 'deso', vintage, kommunCode: m[1] };
  }
  m = REGSO.exec(s);
  if (m) {
    const base = `${m[1]}${m[2].toUpperCase()}`;
    const year = m[4] ?? '2018';
    const vintage = `RegSO${year}`;
    return { code: year === '2018' ? base : `${base}_${vintage}`, baseCode: base, level: 'regso', vintage, kommunCode: m[1] };
  }
  m = DISTRICT.exec(s);
  if (m && DISTRICT_VINTAGES[m[1]]) {
    return { code: s, baseCode: s, level: 'district', vintage: DISTRICT_VINTAGES[m[1]], kommunCode: s.slice(0, 4) };
  }
  return null;
}

/** Vintage of a code, or null when the format is unknown. */
export function vintageOf(code: string): string | null {
  return parseAreaCode(code)?.vintage ?? null;
}

/** A sentence (Swedish, then English) explaining why two vintages are not joined. */
export function vintageMismatchMessage(what: string, got: string, expected: string): string {
  return (
    `${what} har kodversion ${got} men ${expected} krävs; värden slås aldrig ihop över kodversioner (t.ex. DeSO2018 och DeSO2025). ` +
    `/ ${what} has code vintage ${got} but ${expected} is required; values are never joined across vintages (e.g. DeSO2018 and DeSO2025).`
  );
}

/** Per-row check for importers: null when the code is of `expected` vintage, else an error sentence. */
export function checkVintage(code: string, expected: string): string | null {
  const got = vintageOf(code);
  if (got === null) return `unknown area code format '${code}'`;
  return got === expected ? null : vintageMismatchMessage(`Koden/code ${code}`, got, expected);
}

/** Throws `RT_ERR_VINTAGE_MISMATCH` unless both vintages are equal. */
export function assertSameVintage(a: { code: string; vintage: string }, b: { code: string; vintage: string }): void {
  if (a.vintage !== b.vintage) {
    throw new StrategicError(StrategicErrorCode.VintageMismatch, vintageMismatchMessage(`Värdet/value for ${b.code}`, b.vintage, `${a.vintage} (${a.code})`));
  }
}

/**
 * Joins values to areas by code. A value whose code matches an area's base code but with another
 * vintage (explicit `vintage`, or inferred from the code) is refused with `RT_ERR_VINTAGE_MISMATCH`
 * rather than silently dropped or joined. Values for unknown areas are returned in `unmatched`.
 */
export function joinByArea<V extends { areaCode: string; vintage?: string }>(
  areas: readonly { code: string; vintage: string }[],
  values: readonly V[],
): { joined: Map<string, V[]>; unmatched: V[] } {
  const byCode = new Map<string, { code: string; vintage: string }>();
  const byBase = new Map<string, { code: string; vintage: string }>();
  for (const a of areas) {
    byCode.set(a.code, a);
    byBase.set(parseAreaCode(a.code)?.baseCode ?? a.code, a);
  }
  const joined = new Map<string, V[]>();
  const unmatched: V[] = [];
  for (const v of values) {
    const parsed = parseAreaCode(v.areaCode);
    const vVintage = v.vintage ?? parsed?.vintage;
    const area = byCode.get(v.areaCode) ?? byBase.get(parsed?.baseCode ?? v.areaCode);
    if (!area) {
      unmatched.push(v);
      continue;
    }
    if (vVintage !== undefined && vVintage !== area.vintage) {
      assertSameVintage(area, { code: v.areaCode, vintage: vVintage });
    }
    const list = joined.get(area.code);
    if (list) list.push(v);
    else joined.set(area.code, [v]);
  }
  return { joined, unmatched };
}
