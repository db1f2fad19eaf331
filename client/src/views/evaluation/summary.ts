/**
 * The plain-language lines of an evaluation (tab, report, PDF): the effect in the measure's area, what happened
 * in the ring around it, and the tests, each one sentence in the reader's language from the API's numbers.
 */
import type { MeasureEvaluation } from '../../../../shared/src/evaluation.ts';
import { formatNumber, type Locale } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import type { Params } from '../../i18n/translate.ts';
import { formatP, incidentsWord, magnitudes, readEffect, roundForReading } from './reading.ts';

export type T = (key: MessageKey, params?: Params) => string;

export interface PlainLines {
  treated: string;
  displacement: string;
  test: string;
  eTest: string;
}

export function plainLines(r: Pick<MeasureEvaluation, 'wdd' | 'weights' | 'incidentTypes' | 'eTest' | 'significant'>, widthMeters: number, t: T, locale: Locale): PlainLines {
  const e = readEffect(r);
  const what = incidentsWord(r.incidentTypes, locale);
  const n = (x: number) => formatNumber(Math.abs(roundForReading(x)), locale, 1);
  const signed = (x: number) => {
    const v = roundForReading(x);
    return v === 0 ? formatNumber(0, locale) : `${v < 0 ? '−' : '+'}${formatNumber(Math.abs(v), locale, 1)}`;
  };
  const [ta, tb] = magnitudes(e.treated);
  const nothing = r.wdd.estLocal === 0 && r.wdd.seLocal === 0;
  const treated = nothing
    ? t('eval.plain.nothing')
    : e.treatedVerdict === 'unclear'
      ? t('eval.plain.unclear', { signed: signed(e.treated.est), what, level: e.level, low: signed(e.treated.low), high: signed(e.treated.high) })
      : t(e.treatedVerdict === 'fewer' ? 'eval.plain.fewer' : 'eval.plain.more', { n: n(e.treated.est), what, level: e.level, a: formatNumber(ta, locale, 1), b: formatNumber(tb, locale, 1) });
  const [da, db] = magnitudes(e.displacement);
  const width = formatNumber(widthMeters, locale, 0);
  const displacement =
    e.displacementVerdict === 'none'
      ? t('eval.plain.noDisplacement', { width })
      : t(e.displacementVerdict === 'displacement' ? 'eval.plain.displacement' : 'eval.plain.diffusion', { n: n(e.displacement.est), what, width, level: e.level, a: formatNumber(da, locale, 1), b: formatNumber(db, locale, 1) });
  const test = t('eval.plain.test', { p: formatP(r.wdd.p, locale), verdict: t(r.significant ? 'eval.significant' : 'eval.notSignificant') });
  const eTest = r.eTest.p == null ? t('eval.plain.etestUndefined', { reason: r.eTest.reason?.[locale] ?? '' }) : t('eval.plain.etest', { p: formatP(r.eTest.p, locale) });
  return { treated, displacement, test, eTest };
}
