/**
 * Small-number suppression (issue 7): any count or rate built on fewer than 5 events or 50 residents is
 * withheld from partner and public views. Police roles see every number. Suppressed values are `null`
 * with `suppressed: true` and a reason, so clients show "–" with an explanation instead of a zero.
 *
 * Primary suppression is done here. For incident counts, secondary suppression within an answer is in
 * `guardExposure` (crimeExposure.ts), and differencing across answers and endpoints is prevented by counting
 * for partners only incidents released to them (../incidents/partnerRelease.ts; README "Small numbers").
 */

export type Audience = 'police' | 'partner' | 'public';

export interface SuppressionRules {
  /** Fewer events than this → suppressed. @defaultValue 5 */
  minEvents: number;
  /** Fewer residents than this → suppressed. @defaultValue 50 */
  minResidents: number;
}

export const DEFAULT_SUPPRESSION: Readonly<SuppressionRules> = Object.freeze({ minEvents: 5, minResidents: 50 });

export type SuppressionReason = 'few_events' | 'few_residents' | 'unknown_residents' | 'incident_derived';

export interface Guarded {
  value: number | null;
  suppressed: boolean;
  reason?: SuppressionReason;
}

/** Human-readable text for a suppression reason (Swedish first). */
export const SUPPRESSION_TEXT: Readonly<Record<SuppressionReason, { sv: string; en: string }>> = {
  few_events: { sv: 'Färre än 5 händelser – värdet visas inte.', en: 'Fewer than 5 events – value withheld.' },
  few_residents: { sv: 'Färre än 50 invånare – värdet visas inte.', en: 'Fewer than 50 residents – value withheld.' },
  unknown_residents: { sv: 'Befolkningen är okänd – värdet visas inte.', en: 'Population unknown – value withheld.' },
  incident_derived: {
    sv: 'Räknat ur enskilda händelser – se områdets händelsestatistik.',
    en: "Counted from individual incidents – see the area's incident exposure.",
  },
};

/**
 * Indicators counted from incidents (rates per 10 000 stored as indicator values). A partner could multiply
 * one back into a count and subtract the incidents released to it, recovering the size of withheld groups;
 * partners get incident figures only from the exposure endpoint, built from released incidents.
 */
export function isIncidentDerivedIndicator(id: string): boolean {
  return id === 'serious_violence_rate' || id.startsWith('incidents_per_10k');
}

/** True when the audience gets suppressed figures. */
export function suppressesFor(audience: Audience): boolean {
  return audience !== 'police';
}

function pass(value: number | null): Guarded {
  return { value, suppressed: false };
}

/** A count of events: withheld for partner/public when below `minEvents` (0 included). */
export function guardCount(count: number, audience: Audience, rules: SuppressionRules = DEFAULT_SUPPRESSION): Guarded {
  if (!suppressesFor(audience)) return pass(count);
  if (count < rules.minEvents) return { value: null, suppressed: true, reason: 'few_events' };
  return pass(count);
}

/**
 * A rate built on `events` among `residents` (e.g. per 10 000): withheld for partner/public when events
 * < `minEvents` or residents < `minResidents` (or unknown).
 */
export function guardRate(
  rate: number | null,
  basis: { events: number; residents: number | null | undefined },
  audience: Audience,
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): Guarded {
  if (!suppressesFor(audience)) return pass(rate);
  if (basis.residents === null || basis.residents === undefined) return { value: null, suppressed: true, reason: 'unknown_residents' };
  if (basis.residents < rules.minResidents) return { value: null, suppressed: true, reason: 'few_residents' };
  if (basis.events < rules.minEvents) return { value: null, suppressed: true, reason: 'few_events' };
  return pass(rate);
}

/**
 * A population-based indicator value (share, mean, count of residents) for an area with `residents`:
 * withheld for partner/public when the area has fewer than `minResidents`.
 */
export function guardPopulationValue(
  value: number | null,
  residents: number | null | undefined,
  audience: Audience,
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): Guarded {
  if (!suppressesFor(audience)) return pass(value);
  if (residents === null || residents === undefined) return { value: null, suppressed: true, reason: 'unknown_residents' };
  if (residents < rules.minResidents) return { value: null, suppressed: true, reason: 'few_residents' };
  return pass(value);
}

/** Minimal shape of an index item (see `IndexItem` in indicatorIndex.ts). */
interface IndexItemLike {
  score: number | null;
  level: number | null;
  contributions: { indicator: string; value: number | null; standardised?: number | null; contribution: number | null }[];
  reason?: string;
  reasonEn?: string;
}

/**
 * An index item for an audience: for partner/public views an area with fewer than `minResidents` (or an
 * unknown population) loses its score, level and raw values, and says why. Police items pass unchanged.
 */
export function guardIndexItem<T extends IndexItemLike>(
  item: T,
  residents: number | null | undefined,
  audience: Audience,
  rules: SuppressionRules = DEFAULT_SUPPRESSION,
): T & { suppressed: boolean } {
  const g = guardPopulationValue(item.score, residents, audience, rules);
  if (!g.suppressed) return { ...item, suppressed: false };
  const text = SUPPRESSION_TEXT[g.reason as SuppressionReason];
  return {
    ...item,
    score: null,
    level: null,
    contributions: item.contributions.map((c) => ({ ...c, value: null, standardised: null, contribution: null })),
    reason: text.sv,
    reasonEn: text.en,
    suppressed: true,
  };
}
