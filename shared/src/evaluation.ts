/**
 * Evaluation (uppföljning) results as the API sends them (server/src/evaluation/API.md): the shapes the web
 * client, the printable report and the PDF read. Pure: no I/O. Nothing here is rounded; readers round.
 */
import type { Classification } from './access.ts';
import type { IncidentType } from './events.ts';
import type { DosageUnit, PlannedDosage } from './measures.ts';

/** A caveat or reason: a stable key and one sentence in Swedish and English. */
export interface Caveat {
  key: string;
  sv: string;
  en: string;
}

export type Pair = [number, number];

export interface WddResult {
  estLocal: number;
  seLocal: number;
  estDisplace: number;
  seDisplace: number;
  estTotal: number;
  seTotal: number;
  z: number;
  lowCI: number;
  highCI: number;
  p: number;
  alpha: number;
  significant: boolean;
  inputs: {
    control: Pair;
    treated: Pair;
    displacementControl: Pair;
    displacementTreated: Pair;
    timeWeights: Pair;
    areaWeights: [number, number, number, number];
    alpha: number;
  };
  caveats: Caveat[];
}

export interface WddHarmResult {
  harmEst: number;
  seHarmEst: number;
  z: number;
  lowCI: number;
  highCI: number;
  p: number;
  alpha: number;
  significant: boolean;
  inputs: { items: Array<{ est: number; se: number; weight: number; label?: string }>; alpha: number };
  caveats: Caveat[];
}

export interface WdqResult {
  wdq: number | null;
  reason?: Caveat;
  successMeasure: number | null;
  bufferMeasure: number | null;
  totalNetEffect: number | null;
  interpretation: 'diffusion' | 'displacement' | 'none' | null;
  inputs: { target: Pair; buffer: Pair; control: Pair };
  caveats: Caveat[];
}

export interface ETestResult {
  p: number;
  /** ln p; null where p is below every representable number. */
  logP: number | null;
  inputs: { k1: number; k2: number; n1: number; n2: number; d: number; variance: 'pooled' | 'unpooled' };
  caveats: Caveat[];
}

export type ControlMethod = 'drawn' | 'district' | 'deso' | 'disc';

export interface ControlCandidate {
  id: string;
  name: string;
  source: ControlMethod;
  /** Scaled distance of its monthly pre-period counts and trend to the area it stands in for (smaller: closer). */
  distance: number;
  preCounts: number[];
  /** Its area over the area it stands in for. */
  sizeRatio: number;
}

export interface ControlChoice {
  method: ControlMethod;
  chosen: { id: string; name: string; source: ControlMethod } | null;
  /** With controlCount > 1: the areas joined into the control. */
  members?: Array<{ id: string; name: string; source: ControlMethod }>;
  candidates: ControlCandidate[];
  reason: Caveat;
}

export interface OverTimeBin {
  from: string;
  to: string;
  phase: 'before' | 'after';
  treated: number;
  control: number;
  cumTreated?: number;
  cumControl?: number;
  cumDiff?: number;
  se?: number;
  low?: number;
  high?: number;
  irr?: number | null;
  irrLow?: number | null;
  irrHigh?: number | null;
}

export interface EvaluationDosage {
  planned: PlannedDosage | null;
  unit: DosageUnit | null;
  weeks: Array<{ from: string; to: string; planned: number | null; delivered: number }>;
  deliveredTotal: number;
  plannedTotal: number | null;
}

export type Geometry = { type: string; coordinates: unknown };

export interface MeasureEvaluation {
  measureId: string;
  pictureId: string;
  classification: Classification;
  periods: { before: { from: string; to: string; days: number }; after: { from: string; to: string; days: number } };
  incidentTypes: IncidentType[];
  counts: { treated: Pair; control: Pair; displacement: Pair; displacementControl: Pair };
  areas: { treated: Geometry; control: Geometry | null; displacement: Geometry; displacementControl: Geometry | null };
  areaSquareMeters: { treated: number; control: number; displacement: number; displacementControl: number };
  weights: { time: Pair; area: [number, number, number, number] };
  wdd: WddResult;
  wddUnweighted: WddResult;
  wdq: WdqResult;
  eTest: { p: number | null; k1: number; k2: number; n1: number; n2: number; reason?: Caveat };
  controlChoice: ControlChoice;
  displacementControlChoice: ControlChoice;
  overTime: { bin: 'week' | 'month'; start: string; bins: OverTimeBin[] };
  dosage: EvaluationDosage;
  excluded: { areaPrecision: number; partnerGeneralised: boolean };
  /** With harmWeights: one WDD per weighted type (same areas and weights) and their harm-weighted total. */
  harm?: { items: Array<{ type: IncidentType; weight: number; counts: MeasureEvaluation['counts']; est: number; se: number }>; result: WddHarmResult };
  significant: boolean;
  notes: string[];
  caveats: Caveat[];
  plain: { sv: string; en: string };
  evaluationId?: string;
}

/** The caveats every result may carry, one sentence each (evaluation-method.md §7). */
export const CAVEATS = {
  small_counts: {
    sv: 'Få händelser: med så små antal kan slumpen ensam ge stora skillnader, så resultatet är osäkert.',
    en: 'Few events: with counts this small chance alone can produce large differences, so the result is uncertain.',
  },
  regression_to_mean: {
    sv: 'Återgång mot medelvärdet: platser väljs ofta för insats när brottsligheten är ovanligt hög, och den sjunker då ofta ändå.',
    en: 'Regression to the mean: places are often chosen when crime is unusually high, and it then often falls anyway.',
  },
  control_trend_differs: {
    sv: 'Jämförelseområdets utveckling före insatsen skilde sig från det behandlade områdets, så jämförelsen är svagare.',
    en: 'The control area’s trend before the measure differed from the treated area’s, so the comparison is weaker.',
  },
  zero_counts: {
    sv: 'Alla antal är noll: testet kan inte skilja något från ingen förändring.',
    en: 'Every count is zero: the test cannot distinguish anything from no change.',
  },
  wdq_control_zero: {
    sv: 'WDQ är odefinierad eftersom jämförelseområdet har noll händelser i någon period.',
    en: 'The WDQ is undefined because the control area has zero events in a period.',
  },
  wdq_sm_zero: {
    sv: 'WDQ är odefinierad eftersom målområdet utvecklades exakt som jämförelseområdet (SM = 0).',
    en: 'The WDQ is undefined because the target area changed exactly as the control did (SM = 0).',
  },
  wdq_sm_not_negative: {
    sv: 'WDQ är inte meningsfull här: målområdet förbättrades inte i förhållande till jämförelseområdet (SM ≥ 0).',
    en: 'The WDQ is not meaningful here: the target did not improve relative to the control (SM ≥ 0).',
  },
  etest_undefined: {
    sv: 'E-testet är odefinierat när båda antalen är 0.',
    en: 'The E-test is undefined when both counts are 0.',
  },
  area_precision_excluded: {
    sv: 'Händelser med områdesprecision (ungefärlig plats) har inte räknats i områdena.',
    en: 'Incidents with area precision (approximate location) were not counted in the areas.',
  },
  partner_generalised: {
    sv: 'Räknat på de händelser din organisation får se, med generaliserad plats (250 m-rutor) och tid (timme); polisens egen räkning kan skilja sig.',
    en: 'Counted from the incidents your organisation receives, with generalised location (250 m cells) and time (hour); the police count may differ.',
  },
  control_chosen_automatically: {
    sv: 'Jämförelseområdet valdes automatiskt efter likhet i antal och trend före insatsen; granska kandidaterna.',
    en: 'The control area was chosen automatically by similarity of pre-period counts and trend; review the candidates.',
  },
  short_period: {
    sv: 'Perioden är kort (under fyra veckor); säsong och slump kan påverka mer än insatsen.',
    en: 'The period is short (under four weeks); season and chance may matter more than the measure.',
  },
  not_distinguishable: {
    sv: 'Resultatet går inte att skilja från ingen förändring vid vald signifikansnivå.',
    en: 'The result cannot be distinguished from no change at the chosen significance level.',
  },
  distinguishable: {
    sv: 'Resultatet skiljer sig från ingen förändring vid vald signifikansnivå.',
    en: 'The result differs from no change at the chosen significance level.',
  },
} as const satisfies Record<string, { sv: string; en: string }>;

export type CaveatKey = keyof typeof CAVEATS;

export function caveat(key: CaveatKey): Caveat {
  return { key, ...CAVEATS[key] };
}
