/** The three charts of an evaluation over time: counts per bin, cumulative difference with interval, IRR. */
import type { MeasureEvaluation } from '../../../../shared/src/evaluation.ts';
import { TimeChart } from '../../charts/TimeChart.tsx';
import { useApp } from '../../AppContext.tsx';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import { AREA_STYLE } from './AreasMap.tsx';
import { readEffect } from './reading.ts';

export function EvaluationCharts({ result, width }: { result: MeasureEvaluation; width?: number }) {
  const { t, locale } = useApp();
  const bins = result.overTime?.bins ?? [];
  if (bins.length === 0) return <p className="muted">{t('eval.chart.noBins')}</p>;
  const binWord = t(result.overTime.bin === 'month' ? 'eval.bin.word.month' : 'eval.bin.word.week');
  const x = (iso: string) => new Date(iso).getTime();
  const start = x(result.overTime.start ?? result.periods.after.from);
  const after = bins.filter((b) => b.phase === 'after');
  const level = readEffect(result).level;
  const fx = (v: number) => formatDate(new Date(v).toISOString(), locale);
  const fy = (v: number) => formatNumber(v, locale, 1);
  const common = { formatX: fx, xLabel: t('eval.chart.x', { bin: binWord }), width };
  return (
    <div className="eval-charts">
      <TimeChart
        {...common}
        testId="chart-counts"
        title={t('eval.chart.counts', { bin: binWord })}
        description={t('eval.chart.countsDesc', { bin: binWord })}
        yLabel={t('eval.chart.yCount')}
        formatY={fy}
        marker={{ x: start, label: t('eval.chart.start') }}
        series={[
          { label: t('eval.area.treated'), colour: AREA_STYLE.treated.colour, points: bins.map((b) => ({ x: x(b.from), y: b.treated })) },
          { label: t('eval.area.control'), colour: AREA_STYLE.control.colour, dash: '6 3', points: bins.map((b) => ({ x: x(b.from), y: b.control })) },
        ]}
      />
      {after.length > 0 && (
        <TimeChart
          {...common}
          testId="chart-cumulative"
          title={t('eval.chart.cum')}
          description={t('eval.chart.cumDesc', { level })}
          yLabel={t('eval.chart.yDiff')}
          formatY={fy}
          referenceY={0}
          band={{ label: t('eval.chart.interval'), colour: AREA_STYLE.treated.colour, points: after.map((b) => ({ x: x(b.to), low: b.low, high: b.high })) }}
          series={[{ label: t('eval.chart.yDiff'), colour: AREA_STYLE.treated.colour, points: after.map((b) => ({ x: x(b.to), y: b.cumDiff })) }]}
        />
      )}
      {after.some((b) => b.irr != null) && (
        <TimeChart
          {...common}
          testId="chart-irr"
          title={t('eval.chart.irr')}
          description={t('eval.chart.irrDesc')}
          yLabel={t('eval.chart.yIrr')}
          formatY={(v) => formatNumber(v, locale, 2)}
          referenceY={1}
          band={{ label: t('eval.chart.interval'), colour: AREA_STYLE.control.colour, points: after.map((b) => ({ x: x(b.to), low: b.irrLow, high: b.irrHigh })) }}
          series={[{ label: 'IRR', colour: AREA_STYLE.control.colour, points: after.map((b) => ({ x: x(b.to), y: b.irr })) }]}
        />
      )}
    </div>
  );
}
