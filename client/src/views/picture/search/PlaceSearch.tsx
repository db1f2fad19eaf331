import { useEffect, useId, useMemo, useState } from 'react';
import { query } from '../../../api/http.ts';
import { useApp } from '../../../AppContext.tsx';
import type { BBox } from '../../../map/geo.ts';
import { loadPlaces, type PlaceIndex } from '../../../map/places.ts';
import { type PlaceHit, searchPlaces } from './placeSearch.ts';

/** Wait this long after the last keystroke before asking the server's geocoder. */
const GEOCODE_DEBOUNCE_MS = 350;

/**
 * Place search on the map (ARIA combobox): type two letters, pick with the arrow keys and Enter (or a tap),
 * and the map flies there. Searches the shipped municipality and district names in the browser, and addresses
 * through the server when the deployment has a geocoder (GEOCODER_URL; /api/config says so).
 */
export function PlaceSearch({ onPick }: { onPick: (b: BBox) => void }) {
  const { t, api } = useApp();
  const id = useId();
  const [places, setPlaces] = useState<PlaceIndex | null>(null);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [geocoder, setGeocoder] = useState(false);
  const [remote, setRemote] = useState<PlaceHit[]>([]);
  useEffect(() => {
    loadPlaces().then(setPlaces);
    api
      .get<{ geocoder?: boolean }>('/api/config')
      .then((c) => setGeocoder(!!c?.geocoder))
      .catch(() => setGeocoder(false));
  }, [api]);
  useEffect(() => {
    setRemote([]);
    if (!geocoder || q.trim().length < 3) return;
    const ac = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ items: Array<{ name: string; bbox: BBox }> }>(`/api/geocode${query({ q: q.trim() })}`, ac.signal)
        .then((r) => setRemote(r.items.map((h) => ({ name: h.name, kind: 'geocoder' as const, bbox: h.bbox }))))
        // The shipped names still answer; an unavailable geocoder only means no addresses.
        .catch(() => setRemote([]));
    }, GEOCODE_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [api, geocoder, q]);
  const hits = useMemo(() => [...(places ? searchPlaces(places, q) : []), ...remote], [places, q, remote]);
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
                · {t(h.kind === 'district' ? 'search.kind.district' : h.kind === 'geocoder' ? 'search.kind.geocoder' : 'search.kind.place')}
                {h.within ? `, ${h.within}` : ''}
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
