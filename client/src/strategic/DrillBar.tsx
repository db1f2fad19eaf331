/** The level shown (län, kommun, DeSO) and the trail drilled through, each step a way back. */
import { useApp } from '../AppContext.tsx';
import { type DrillState, TOP_LEVELS } from './drill.ts';
import { type AreaLevel, levelLabel } from './labels.ts';

export function DrillBar({ state, onLevel, onBack }: { state: DrillState; onLevel: (level: AreaLevel) => void; onBack: (index: number) => void }) {
  const { t, locale } = useApp();
  return (
    <div className="drill-bar" data-testid="drill-bar">
      <fieldset>
        <legend>{t('strategic.levelPicker')}</legend>
        {TOP_LEVELS.map((l) => (
          <label key={l} className="checkbox">
            <input type="radio" name="strategic-level" checked={state.trail.length === 0 && state.level === l} onChange={() => onLevel(l)} /> {levelLabel(l, locale)}
          </label>
        ))}
      </fieldset>
      <nav aria-label={t('strategic.breadcrumbLabel')}>
        <ol className="breadcrumb" data-testid="breadcrumb" style={{ listStyle: 'none', padding: 0, margin: '0.3rem 0', display: 'flex', flexWrap: 'wrap', gap: '0.25rem' }}>
          <li>
            {state.trail.length === 0 ? (
              <span aria-current="page">
                {t('strategic.country')} – {levelLabel(state.level, locale)}
              </span>
            ) : (
              <button type="button" className="link-button" onClick={() => onBack(-1)}>
                {t('strategic.country')}
              </button>
            )}
          </li>
          {state.trail.map((s, i) => (
            <li key={s.code}>
              {' › '}
              {i === state.trail.length - 1 ? (
                <span aria-current="page">
                  {s.name} – {levelLabel(state.level, locale)}
                </span>
              ) : (
                <button type="button" className="link-button" onClick={() => onBack(i)}>
                  {s.name}
                </button>
              )}
            </li>
          ))}
        </ol>
      </nav>
    </div>
  );
}
