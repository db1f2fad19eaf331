import { useState } from 'react';
import { useApp } from '../../../AppContext.tsx';
import type { MessageKey } from '../../../i18n/sv.ts';
import type { LegendEntry, LegendSymbol } from './legendModel.ts';

export function SymbolSwatch({ symbol }: { symbol: LegendSymbol }) {
  if (symbol.kind === 'dot') return <span className="lg-dot" style={{ background: symbol.fill, borderColor: symbol.stroke }} aria-hidden="true" />;
  if (symbol.kind === 'box')
    return (
      <span
        className={`lg-box${symbol.hatch ? ' lg-hatch' : ''}`}
        style={{ background: symbol.hatch ? undefined : symbol.fill, borderColor: symbol.stroke, borderStyle: symbol.dashed ? 'dashed' : 'solid' }}
        aria-hidden="true"
      />
    );
  return <span className="lg-ramp" style={{ background: `linear-gradient(to right, ${symbol.colours.join(', ')})` }} aria-hidden="true" />;
}

/** The map's legend: what each symbol, zone, ramp and layer colour means, for what is drawn now. */
export function Legend({ entries, collapsible = true }: { entries: readonly LegendEntry[]; collapsible?: boolean }) {
  const { t } = useApp();
  const [open, setOpen] = useState(() => window.innerWidth >= 700);
  if (entries.length === 0) return null;
  const list = (
    <ul className="legend-list">
      {entries.map((e) => (
        <li key={e.key}>
          <SymbolSwatch symbol={e.symbol} />
          <span>
            {e.text ?? t(e.label as MessageKey)}
            {e.ends && (
              <span className="muted small">
                {' '}
                ({t(e.ends[0] as MessageKey)} → {t(e.ends[1] as MessageKey)})
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
  if (!collapsible)
    return (
      <figure className="legend-box" data-testid="legend">
        <figcaption>{t('legend.heading')}</figcaption>
        {list}
      </figure>
    );
  return (
    <section className={`map-legend${open ? ' open' : ''}`} data-testid="legend" aria-label={t('legend.heading')}>
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('legend.heading')}
      </button>
      {open && list}
    </section>
  );
}
