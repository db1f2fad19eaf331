/**
 * The level shown (län, kommun, DeSO) and the trail drilled through, each step a way back. A view zoomed in
 * to a finer level (zoomLevel.ts) ends the trail with "Synligt område"; the step before it returns to the
 * view zoomed from.
 */
import { useApp } from '../AppContext.tsx';
import { type DrillState, rootOf, TOP_LEVELS } from './drill.ts';
import { type AreaLevel, levelLabel } from './labels.ts';
import { ZOOM_STEPS } from './zoomLevel.ts';

/** "Kommuner" → "kommuner" inside a sentence, but "DeSO-områden" keeps its acronym. */
function lowerFirst(s: string): string {
  return /^\p{Lu}\P{Lu}*$/u.test(s.split(' ')[0]) ? s[0].toLocaleLowerCase('sv-SE') + s.slice(1) : s;
}

export function DrillBar({
  state,
  noFinerAreas,
  onLevel,
  onBack,
}: {
  state: DrillState;
  /** Zoomed in where none of the finer levels has areas. */
  noFinerAreas: boolean;
  onLevel: (level: AreaLevel) => void;
  onBack: (index: number) => void;
}) {
  const { t, locale } = useApp();
  const root = rootOf(state);
  const zoomed = root !== state;
  const finer = ZOOM_STEPS[state.level];
  const names = (levels: readonly AreaLevel[]) => levels.map((l) => lowerFirst(levelLabel(l, locale))).join(locale === 'en' ? ' or ' : ' eller ');
  return (
    <div className="drill-bar" data-testid="drill-bar" data-level={state.level} data-zoomed={zoomed}>
      <fieldset>
        <legend>{t('strategic.levelPicker')}</legend>
        {TOP_LEVELS.map((l) => (
          <label key={l} className="checkbox">
            <input type="radio" name="strategic-level" checked={root.trail.length === 0 && root.level === l} onChange={() => onLevel(l)} /> {levelLabel(l, locale)}
          </label>
        ))}
      </fieldset>
      <nav aria-label={t('strategic.breadcrumbLabel')}>
        <ol className="breadcrumb" data-testid="breadcrumb" style={{ listStyle: 'none', padding: 0, margin: '0.3rem 0', display: 'flex', flexWrap: 'wrap', gap: '0.25rem' }}>
          <li>
            {root.trail.length === 0 && !zoomed ? (
              <span aria-current="page">
                {t('strategic.country')} – {levelLabel(state.level, locale)}
              </span>
            ) : (
              <button type="button" className="link-button" onClick={() => onBack(-1)}>
                {t('strategic.country')}
                {root.trail.length === 0 ? ` – ${levelLabel(root.level, locale)}` : ''}
              </button>
            )}
          </li>
          {root.trail.map((s, i) => (
            <li key={s.code}>
              {' › '}
              {i === root.trail.length - 1 && !zoomed ? (
                <span aria-current="page">
                  {s.name} – {levelLabel(state.level, locale)}
                </span>
              ) : (
                <button type="button" className="link-button" onClick={() => onBack(i)}>
                  {s.name}
                  {i === root.trail.length - 1 ? ` – ${levelLabel(root.level, locale)}` : ''}
                </button>
              )}
            </li>
          ))}
          {zoomed && (
            <li>
              {' › '}
              <span aria-current="page">
                {t('strategic.visibleArea')} – {levelLabel(state.level, locale)}
              </span>
            </li>
          )}
        </ol>
      </nav>
      {finer && (
        <p className="muted small" data-testid="zoom-hint">
          {t('strategic.zoomHint', { level: names(finer.levels) })}
        </p>
      )}
      {noFinerAreas && state.zoomed && (
        <p className="note" role="status" data-testid="no-finer-areas">
          {t('strategic.noFinerAreas', {
            level: names(ZOOM_STEPS[state.zoomed.from.level]?.levels ?? [state.level]),
            parent: lowerFirst(levelLabel(state.zoomed.from.level, locale)),
          })}
        </p>
      )}
    </div>
  );
}
