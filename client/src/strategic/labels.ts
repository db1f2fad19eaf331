/**
 * Readable names for what the strategic API sends as codes: code vintages (`KOMMUN2007`), designation
 * categories (`sarskilt_utsatt`), classifications without a name (the overlap share), and index
 * contributions, which are index points (z-score or percentile units), never percentages. Pure.
 */
import { formatNumber, type Locale } from '../i18n/format.ts';

export type AreaLevel = 'country' | 'lan' | 'kommun' | 'deso' | 'regso' | 'district';

interface VintageName {
  sv: string;
  en: string;
}

/** Known code vintages (the shipped area sets); others are read from their pattern. */
const VINTAGES: Record<string, VintageName> = {
  SE: { sv: 'Sverige', en: 'Sweden' },
  LAN2007: { sv: 'Länsindelning sedan 2007', en: 'Counties since 2007' },
  KOMMUN2007: { sv: 'Kommunindelning sedan 2007', en: 'Municipalities since 2007' },
  DeSO2018: { sv: 'DeSO, SCB:s indelning 2018', en: 'DeSO, Statistics Sweden 2018' },
  RegSO2018: { sv: 'RegSO, SCB:s indelning 2018', en: 'RegSO, Statistics Sweden 2018' },
  'MALMO-DO2023': { sv: 'Malmö stads delområden 2023', en: 'Malmö city sub-areas 2023' },
  'GBG-BO2021': { sv: 'Göteborgs stads primärområden 2021', en: 'Gothenburg primary areas 2021' },
  'STHLM-BO2016': { sv: 'Stockholms stads basområden 2016', en: 'Stockholm base areas 2016' },
  'STHLM-SD2021': { sv: 'Stockholms stadsdelsområden 2021', en: 'Stockholm district areas 2021' },
};

const PREFIXES: Record<string, VintageName> = {
  LAN: { sv: 'Länsindelning', en: 'Counties' },
  KOMMUN: { sv: 'Kommunindelning', en: 'Municipalities' },
  DESO: { sv: 'DeSO-indelning', en: 'DeSO areas' },
  REGSO: { sv: 'RegSO-indelning', en: 'RegSO areas' },
};

export function vintageLabel(vintage: string | null | undefined, locale: Locale): string {
  if (!vintage) return '';
  const known = VINTAGES[vintage];
  if (known) return known[locale];
  const m = /^([A-Za-z-]+?)-?(\d{4})$/.exec(vintage);
  const prefix = m ? PREFIXES[m[1].toUpperCase()] : undefined;
  if (m && prefix) return `${prefix[locale]} ${m[2]}`;
  // An unknown local set: its year is still readable, the code stays as the name's source.
  return m ? (locale === 'sv' ? `Indelning ${m[2]} (${vintage})` : `Areas ${m[2]} (${vintage})`) : vintage;
}

const LEVELS: Record<AreaLevel, VintageName> = {
  country: { sv: 'Riket', en: 'Country' },
  lan: { sv: 'Län', en: 'Counties' },
  kommun: { sv: 'Kommuner', en: 'Municipalities' },
  deso: { sv: 'DeSO-områden', en: 'DeSO areas' },
  regso: { sv: 'RegSO-områden', en: 'RegSO areas' },
  district: { sv: 'Stadsdelar', en: 'City districts' },
};

export function levelLabel(level: AreaLevel, locale: Locale): string {
  return LEVELS[level][locale];
}

const CATEGORIES: Record<string, VintageName> = {
  sarskilt_utsatt: { sv: 'Särskilt utsatt område', en: 'Particularly vulnerable area' },
  utsatt: { sv: 'Utsatt område', en: 'Vulnerable area' },
  riskomrade: { sv: 'Riskområde', en: 'Risk area' },
};

/** A designation category as words; the raw code never reaches the screen. */
export function categoryLabel(category: string | null | undefined, locale: Locale): string {
  if (!category) return '';
  const c = CATEGORIES[category.toLowerCase()];
  if (c) return c[locale];
  const words = category.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface Classification {
  scheme?: string;
  name?: string;
  category?: string;
  categoryLabel?: string;
  sharePct?: number;
  utsattPct?: number;
  sarskiltPct?: number;
  [k: string]: unknown;
}

/**
 * One classification as a sentence. The overlap entry (the share of the population living in designated
 * areas) has no name of its own and gets one that says what it is.
 */
export function classificationText(c: Classification, locale: Locale): string {
  const pct = (v: unknown) => (typeof v === 'number' ? `${formatNumber(v, locale, 1)} %` : '–');
  if (c.scheme === 'utsatta-omraden-overlap' || (!c.name && typeof c.sharePct === 'number')) {
    return locale === 'sv'
      ? `Andel av invånarna som bor i utpekade områden: ${pct(c.sharePct)} (särskilt utsatta ${pct(c.sarskiltPct)}, utsatta ${pct(c.utsattPct)})`
      : `Share of residents living in designated areas: ${pct(c.sharePct)} (particularly vulnerable ${pct(c.sarskiltPct)}, vulnerable ${pct(c.utsattPct)})`;
  }
  const category = c.category ? categoryLabel(c.category, locale) : (c.categoryLabel ?? '');
  const name = typeof c.name === 'string' && c.name ? c.name : locale === 'sv' ? 'Namnlös klassning' : 'Unnamed classification';
  return category ? `${name} – ${category}` : name;
}

/** "+0,48 indexpoäng": a contribution is in the index's own units; the contributions sum to the score. */
export function indexPoints(v: number | null | undefined, locale: Locale): string {
  if (v == null || !Number.isFinite(v)) return '–';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  return `${sign}${formatNumber(Math.abs(v), locale, 2)} ${locale === 'sv' ? 'indexpoäng' : 'index points'}`;
}

/** Bar widths (0–100 %) relative to the largest contribution, so bars compare within the card. */
export function contributionWidths(values: readonly (number | null)[]): number[] {
  const max = Math.max(0, ...values.map((v) => (v == null ? 0 : Math.abs(v))));
  return values.map((v) => (v == null || max === 0 ? 0 : (Math.abs(v) / max) * 100));
}
