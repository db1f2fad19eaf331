import { useEffect, useId, useMemo, useState } from 'react';
import { useApp } from '../../../AppContext.tsx';
import type { BBox } from '../../../map/geo.ts';
import { loadPlaces, type PlaceIndex } from '../../../map/places.ts';
import { type PlaceHit, searchPlaces } from './placeSearch.ts';

/**
 * Place search on the map (ARIA combobox): type two letters, pick with the arrow keys and Enter (or a tap),
 * and the map flies there. Searches the shipped municipality and district names; no request leaves the browser.
 */
export function PlaceSearch({ onPick }: { onPick: (b: BBox) => void }) {
  const { t } = useApp();
  const id = useId();
  const [places, setPlaces] = useState<PlaceIndex | null>(null);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    loadPlaces().then(setPlaces);
  }, []);
  const hits = useMemo(() => (places ? searchPlaces(places, q) : []), [places, q]);
  const pick = (h: PlaceHit) => {
    onPick(h.bbox);
    setQ(h.name);
    setOpen(false);
  };
  const listId = `${id}-list`;
  return (
    <div className="place-search" data-testid="place-search">
      <label htmlFor={`${id}-input`} className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-expanded={open && q.length >= 2}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && hits[active] ? `${id}-opt-${active}` : undefined}
        placeholder={t('search.placeholder')}
        value={q}
        autoComplete="off"
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, Math.max(0, hits.length - 1)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter' && hits[active]) {
            e.preventDefault();
            pick(hits[active]);
          } else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {open && q.trim().length >= 2 && (
        <div id={listId} role="listbox" className="place-hits" aria-label={t('search.label')}>
          {hits.length === 0 && (
            <div className="muted" role="option" tabIndex={-1} aria-disabled="true" aria-selected="false">
              {t('search.none')}
            </div>
          )}
          {hits.map((h, i) => (
            <div
              key={`${h.kind}-${h.name}-${h.within ?? ''}`}
              id={`${id}-opt-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
            >
              {h.name}
              <span className="muted small">
                {' '}
                · {t(h.kind === 'district' ? 'search.kind.district' : 'search.kind.place')}
                {h.within ? `, ${h.within}` : ''}
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
