/**
 * Plain-language risk narrative in Swedish and English (§1.9 [DESIGN]).
 */
import type { ClassSummary } from './surface.ts';

export interface NarrativeFactor {
  name: string;
  operationalization: 'proximity' | 'density';
  spatialInfluence: number;
  rrv: number;
}

export interface NarrativeInput {
  outcomeName: string;
  areaName: string;
  factors: NarrativeFactor[];
  maxRrs: number;
  classes: ClassSummary[];
  family: 'poisson' | 'negbin';
  cells: number;
  events: number;
}

const fmt = (x: number, lang: 'sv' | 'en', digits = 1) => {
  const s = x.toFixed(digits);
  return lang === 'sv' ? s.replace('.', ',') : s;
};
const m = (d: number) => `${Math.round(d)} m`;

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

export function buildNarrative(inp: NarrativeInput): { sv: string; en: string } {
  const f = [...inp.factors].sort((a, b) => b.rrv - a.rrv);
  const cls = (c: string) => inp.classes.find((x) => x.class === c);
  if (f.length === 0) {
    return {
      sv: `Ingen riskfaktor gav en signifikant riskterrängmodell för ${inp.outcomeName} i ${inp.areaName} (${inp.events} händelser i ${inp.cells} celler). Risken kan inte skiljas mellan platser med de angivna faktorerna.`,
      en: `No risk factor produced a significant risk terrain model for ${inp.outcomeName} in ${inp.areaName} (${inp.events} events in ${inp.cells} cells). Risk cannot be told apart between places using the factors given.`,
    };
  }
  const clauseSv = (x: NarrativeFactor) =>
    x.operationalization === 'proximity' ? `inom ${m(x.spatialInfluence)} från ${x.name}` : `i områden med hög koncentration av ${x.name} (inom ${m(x.spatialInfluence)})`;
  const clauseEn = (x: NarrativeFactor) =>
    x.operationalization === 'proximity' ? `within ${m(x.spatialInfluence)} of ${x.name}` : `in areas with a high concentration of ${x.name} (within ${m(x.spatialInfluence)})`;
  const top = f[0];
  const hi = cls('highest');
  const above = ['highest', 'moderately_high', 'above_average'].map(cls).filter((x): x is ClassSummary => !!x);
  const aboveArea = above.reduce((s, x) => s + x.areaPct, 0);
  const aboveEv = above.reduce((s, x) => s + x.eventsPct, 0);
  const sv: string[] = [];
  const en: string[] = [];
  sv.push(
    `En signifikant riskterrängmodell för ${inp.outcomeName} hittades för ${inp.areaName} med ${f.length} riskfaktor${f.length === 1 ? '' : 'er'} (${inp.family === 'negbin' ? 'negativ binomial NBII' : 'Poisson'}).`,
  );
  en.push(
    `A significant risk terrain model for ${inp.outcomeName} was found for ${inp.areaName} with ${f.length} risk factor${f.length === 1 ? '' : 's'} (${inp.family === 'negbin' ? 'negative binomial NBII' : 'Poisson'}).`,
  );
  sv.push(`${capital(inp.outcomeName)} är mest sannolikt på platser ${joinList(f.map(clauseSv), 'och')}.`);
  en.push(`${capital(inp.outcomeName)} is most likely at places ${joinList(f.map(clauseEn), 'and')}.`);
  if (f.length > 1) {
    sv.push(`Platser där alla dessa sammanfaller har en förväntad frekvens ${fmt(inp.maxRrs, 'sv')} gånger högre än platser utan någon av dem.`);
    en.push(`Places where all of these co-occur have an expected rate ${fmt(inp.maxRrs, 'en')} times that of places with none.`);
  }
  sv.push(`Den mest attraktiva faktorn var ${top.name}, med ett relativt riskvärde på ${fmt(top.rrv, 'sv', 2)}.`);
  en.push(`The most attractive factor was ${top.name}, which carried a relative risk value of ${fmt(top.rrv, 'en', 2)}.`);
  if (hi && hi.cells > 0) {
    sv.push(`Platserna med högst risk täcker ${fmt(hi.areaPct, 'sv')} % av ytan och står för ${fmt(hi.eventsPct, 'sv')} % av händelserna.`);
    en.push(`Highest risk places cover ${fmt(hi.areaPct, 'en')}% of the area and account for ${fmt(hi.eventsPct, 'en')}% of the incidents.`);
  }
  if (aboveArea > 0) {
    sv.push(`Sammantaget står alla platser med riskvärde över genomsnittet för ${fmt(aboveEv, 'sv')} % av händelserna på ${fmt(aboveArea, 'sv')} % av ytan.`);
    en.push(`In the aggregate, all places with above average risk scores account for ${fmt(aboveEv, 'en')}% of the incidents located in ${fmt(aboveArea, 'en')}% of the area.`);
  }
  return { sv: sv.join(' '), en: en.join(' ') };
}

function capital(s: string): string {
  return s.length > 0 ? s[0].toLocaleUpperCase('sv') + s.slice(1) : s;
}
