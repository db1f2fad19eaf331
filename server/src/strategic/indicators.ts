/**
 * Indicator metadata and the documented default index. The defaults follow the living-conditions
 * variables the police's strategic map weighs (crowding, employment, education, young people without
 * upper-secondary eligibility) plus low economic standard, all with weight 1.
 *
 * Deliberately **not** a default: share of 1st/2nd-generation immigrants. Origin is not a living
 * condition and weighting it stigmatises residents (the criticism in situational-context §2.1);
 * an analyst may still add it to a custom index, where its contribution is shown like any other.
 */
import type { Direction, IndicatorWeight } from './indicatorIndex.ts';

export interface IndicatorMeta {
  id: string;
  nameSv: string;
  nameEn: string;
  unit: string;
  source: string;
  direction: Direction;
  /** Weight in the default index; 0 = not in the default index. */
  defaultWeight: number;
}

export const INDICATOR_CATALOGUE: readonly IndicatorMeta[] = [
  {
    id: 'population',
    nameSv: 'Folkmängd',
    nameEn: 'Population',
    unit: 'persons',
    source: 'SCB BE0101 (Folkmängd 1 nov / 31 dec)',
    direction: 'higher_is_worse',
    defaultWeight: 0,
  },
  {
    id: 'population_16_19',
    nameSv: 'Folkmängd 16–19 år',
    nameEn: 'Population aged 16–19',
    unit: 'persons',
    source: 'Stockholms stad, basområden (via assets/geo)',
    direction: 'higher_is_worse',
    defaultWeight: 0,
  },
  {
    id: 'youth_share_16_19',
    nameSv: 'Andel 16–19 år',
    nameEn: 'Share aged 16–19',
    unit: '%',
    source: 'Stockholms stad, basområden (via assets/geo)',
    direction: 'higher_is_worse',
    defaultWeight: 0,
  },
  {
    id: 'crowding_share',
    nameSv: 'Trångboddhet (andel boende, norm 2)',
    nameEn: 'Overcrowding (share of residents, norm 2)',
    unit: '%',
    source: 'SCB HE0111 (trångboddhet)',
    direction: 'higher_is_worse',
    defaultWeight: 1,
  },
  {
    id: 'employment_rate',
    nameSv: 'Förvärvsarbetande 20–64 år',
    nameEn: 'Employment rate, age 20–64',
    unit: '%',
    source: 'SCB AM0207 (RAMS/BAS)',
    direction: 'higher_is_better',
    defaultWeight: 1,
  },
  {
    id: 'low_education_share',
    nameSv: 'Endast förgymnasial utbildning, 25–64 år',
    nameEn: 'Compulsory schooling only, age 25–64',
    unit: '%',
    source: 'SCB UF0506 (utbildningsnivå)',
    direction: 'higher_is_worse',
    defaultWeight: 1,
  },
  {
    id: 'no_upper_secondary_eligibility_share',
    nameSv: 'Ej behöriga till gymnasiet (16–19 år utan behörighet)',
    nameEn: 'No upper-secondary eligibility (age 16–19)',
    unit: '%',
    source: 'SCB / Skolverket',
    direction: 'higher_is_worse',
    defaultWeight: 1,
  },
  {
    id: 'low_economic_standard_share',
    nameSv: 'Låg ekonomisk standard',
    nameEn: 'Low economic standard',
    unit: '%',
    source: 'SCB HE0110 (ekonomisk standard < 60 % av median)',
    direction: 'higher_is_worse',
    defaultWeight: 1,
  },
  {
    id: 'foreign_background_share',
    nameSv: 'Utländsk bakgrund',
    nameEn: 'Foreign background',
    unit: '%',
    source: 'SCB BE0101',
    direction: 'higher_is_worse',
    defaultWeight: 0,
  },
  {
    id: 'serious_violence_rate',
    nameSv: 'Grovt våld per 10 000 invånare (polisens händelser)',
    nameEn: 'Serious violence per 10,000 residents (police events)',
    unit: 'per 10 000',
    source: 'Polismyndigheten, händelser (urval; ej fullständig brottsstatistik)',
    direction: 'higher_is_worse',
    defaultWeight: 0,
  },
];

/** Looks up catalogue metadata by id. */
export function indicatorMeta(id: string): IndicatorMeta | undefined {
  return INDICATOR_CATALOGUE.find((m) => m.id === id);
}

/** The documented default index: every catalogue indicator with a positive default weight. */
export function defaultIndexIndicators(): IndicatorWeight[] {
  return INDICATOR_CATALOGUE.filter((m) => m.defaultWeight > 0).map((m) => ({ indicator: m.id, weight: m.defaultWeight, direction: m.direction }));
}
