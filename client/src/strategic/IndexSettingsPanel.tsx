import { useApp } from '../AppContext.tsx';
import type { IndicatorLabel } from './indicators.ts';
import type { IndexSettings, Method } from './useRanking.ts';

interface Props {
  settings: IndexSettings;
  label: IndicatorLabel;
  busy: boolean;
  onMethod: (m: Method) => void;
  onYear: (year: number) => void;
  onWeight: (indicator: string, weight: number) => void;
  onCompute: () => void;
}

export function IndexSettingsPanel({ settings, label, busy, onMethod, onYear, onWeight, onCompute }: Props) {
  const { t } = useApp();
  return (
    <details className="index-settings">
      <summary>{t('strategic.settings')}</summary>
      <label>
        {t('strategic.method')}
        <select value={settings.method} onChange={(e) => onMethod(e.target.value as Method)}>
          <option value="zscore">{t('strategic.zscore')}</option>
          <option value="percentile">{t('strategic.percentile')}</option>
        </select>
      </label>
      <label>
        {t('strategic.year')}
        <input type="number" min={2000} max={2100} value={settings.year} onChange={(e) => onYear(Number(e.target.value) || settings.year)} />
      </label>
      <fieldset>
        <legend>{t('strategic.weights')}</legend>
        {settings.weights.map((w) => (
          <label key={w.indicator} className="weight-row">
            <span>{label(w.indicator)}</span>
            <input type="number" min={0} max={10} step={0.5} value={w.weight} onChange={(e) => onWeight(w.indicator, Math.max(0, Number(e.target.value) || 0))} />
          </label>
        ))}
      </fieldset>
      <button type="button" className="primary" onClick={onCompute} disabled={busy}>
        {busy ? t('common.loading') : t('strategic.compute')}
      </button>
    </details>
  );
}
