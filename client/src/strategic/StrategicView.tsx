import { maplibregl } from '../map/maplibre.ts';
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AreaDetail, IndexItem, Picture } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { ErrorBanner, LanguageSwitch, UserMenu } from '../components/common.tsx';
import { formatNumber } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/sv.ts';
import { baseStyle, basemapUrl, USO_LAYERS } from '../map/baseStyle.ts';
import { loadBasemapLabels } from '../map/basemapLabels.ts';
import { bboxOf } from '../map/geo.ts';
import { LabelOverlay } from '../map/LabelOverlay.ts';
import { navigate, routePath } from '../router.ts';
import { canUseRtm, isPoliceUser } from '../state/session.ts';
import { DEFAULT_INDICATORS, type IndicatorChoice, KNOWN_INDICATORS, LEVEL_COLORS, levelFor, NO_SCORE_COLOR, rank, seriesByIndicator, sparkPoints } from './indexModel.ts';

type Fc = { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> }[] };

function indicatorKey(id: string): MessageKey | null {
  const bare = id.startsWith('demo_') ? id.slice(5) : id;
  return (KNOWN_INDICATORS as readonly string[]).includes(bare) ? (`indicator.${bare}` as MessageKey) : null;
}

/** An indicator of the server's catalogue (`GET /api/indicators`), when the server offers it. */
interface CatalogueItem {
  id: string;
  nameSv?: string;
  nameEn?: string;
  unit?: string;
  source?: string;
  direction: 'higher_is_worse' | 'higher_is_better';
  defaultWeight?: number;
}

type RankedItem = IndexItem & { rank?: number | null; designated?: boolean; designation?: { category?: string } | string | null };

interface Trend {
  index: { year: number; score: number | null; level: number | null; rank: number | null; of: number }[];
}

/** Demo indicators are generated, not statistics: their ids start with demo_ and their source says so. */
export function isSynthetic(id: string, source?: string): boolean {
  return id.startsWith('demo_') || /SYNTET/i.test(source ?? '');
}

export function StrategicView() {
  const { api, t, locale, user, token } = useApp();
  const mapEl = useRef<HTMLElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const [ready, setReady] = useState(false);
  const [shapes, setShapes] = useState<Fc | null>(null);
  const [items, setItems] = useState<IndexItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<AreaDetail | null>(null);
  const [uso, setUso] = useState(true);
  const [method, setMethod] = useState<'zscore' | 'percentile'>('zscore');
  const [year, setYear] = useState(2024);
  const [weights, setWeights] = useState<IndicatorChoice[]>([...DEFAULT_INDICATORS]);
  const [busy, setBusy] = useState(false);
  const [catalogue, setCatalogue] = useState<CatalogueItem[]>([]);
  const [edited, setEdited] = useState(false);
  const [yearTouched, setYearTouched] = useState(false);
  const [trend, setTrend] = useState<Trend | null>(null);
  const police = isPoliceUser(user);

  const indicatorLabel = (id: string): string => {
    const c = catalogue.find((x) => x.id === id);
    const name = c ? ((locale === 'en' ? c.nameEn : c.nameSv) ?? c.nameSv ?? c.nameEn) : undefined;
    const k = indicatorKey(id);
    const base = name ?? (k ? t(k) : id);
    return isSynthetic(id, c?.source) && !/syntet/i.test(base) ? `${base} (${t('strategic.synthetic')})` : base;
  };

  useEffect(() => {
    api
      .get<{ items: CatalogueItem[] } | CatalogueItem[]>('/api/indicators')
      .then((r) => {
        const items = Array.isArray(r) ? r : (r?.items ?? []);
        if (items.length === 0) return;
        setCatalogue(items);
        setWeights(items.filter((i) => i.direction).map((i) => ({ indicator: i.id, weight: i.defaultWeight ?? 0, direction: i.direction })));
      })
      .catch(() => {});
  }, [api]);

  // Map.
  useEffect(() => {
    if (!mapEl.current) return;
    const origin = window.location.origin;
    const map = new maplibregl.Map({
      container: mapEl.current,
      style: baseStyle(origin),
      center: [16, 62.5],
      zoom: 4,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
    map.addControl(new maplibregl.NavigationControl({}), 'top-right');
    const labels = new LabelOverlay(map);
    loadBasemapLabels().then((l) => labels.setGroup('base', l));
    map.on('load', () => {
      map.addSource('areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'code' });
      map.addLayer({ id: 'areas-fill', type: 'fill', source: 'areas', paint: { 'fill-color': ['coalesce', ['get', 'color'], NO_SCORE_COLOR], 'fill-opacity': 0.8 } }, 'lan-line');
      map.addLayer({ id: 'areas-sel', type: 'line', source: 'areas', filter: ['==', ['get', 'selected'], true], paint: { 'line-color': '#e66101', 'line-width': 3 } });
      for (const l of USO_LAYERS) map.moveLayer(l);
      setReady(true);
    });
    map.on('click', 'areas-fill', (e) => {
      const code = e.features?.[0]?.properties?.code;
      if (code) setSelected(String(code));
    });
    map.on('mouseenter', 'areas-fill', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'areas-fill', () => (map.getCanvas().style.cursor = ''));
    mapRef.current = map;
    return () => {
      labels.destroy();
      map.remove();
      mapRef.current = null;
    };
  }, []);

  // Municipality shapes: the server's area GeoJSON (with scores) or, without it, the shipped base map.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    api
      .get<Fc & { year?: number | null }>('/api/areas/geojson?level=kommun')
      .then((fc) => {
        setShapes(fc);
        if (typeof fc.year === 'number') setYear(fc.year);
      })
      .catch(async () => {
        try {
          const r = await fetch(basemapUrl('kommuner_scb.geojson'));
          const fc = (await r.json()) as Fc;
          setShapes({
            type: 'FeatureCollection',
            features: fc.features.map((f) => ({ ...f, properties: { code: f.properties.kommun_kod, name: f.properties.kommun, level: 'kommun' } })),
          });
        } catch (err) {
          setError(err);
        }
      });
  }, [api, token]);

  async function compute() {
    setBusy(true);
    setError(null);
    try {
      if (!edited) {
        // The documented default index, ranked nationally, with designated areas marked.
        const r = await api.get<{ items: RankedItem[] }>(`/api/strategic/ranking?level=kommun&limit=1000&method=${method}${yearTouched ? `&year=${year}` : ''}`);
        setItems(r.items);
      } else {
        const r = await api.post<{ items: IndexItem[] }>('/api/strategic/index', { level: 'kommun', year, method, indicators: weights.filter((w) => w.weight > 0) });
        setItems(r.items);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: compute once on open; later on demand
  useEffect(() => {
    compute();
  }, [api]);

  const byCode = useMemo(() => new Map((items ?? []).map((i) => [i.code, i])), [items]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready || !shapes) return;
    const fc: Fc = {
      type: 'FeatureCollection',
      features: shapes.features.map((f) => {
        const code = String(f.properties.code);
        const it = byCode.get(code);
        const score = it ? it.score : typeof f.properties.score === 'number' ? (f.properties.score as number) : null;
        const lvl = it ? it.level : ((f.properties.indexLevel as number | null | undefined) ?? levelFor(score));
        return { ...f, properties: { ...f.properties, code, color: lvl ? LEVEL_COLORS[lvl] : NO_SCORE_COLOR, selected: code === selected } };
      }),
    };
    (map.getSource('areas') as GeoJSONSource | undefined)?.setData(fc as unknown as GeoJSON.FeatureCollection);
  }, [shapes, byCode, ready, selected]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    for (const l of USO_LAYERS) map.setLayoutProperty(l, 'visibility', uso ? 'visible' : 'none');
  }, [uso, ready]);

  useEffect(() => {
    setTrend(null);
    if (!selected) return;
    api
      .get<Trend>(`/api/areas/${encodeURIComponent(selected)}/trend?method=${method}`)
      .then(setTrend)
      .catch(() => setTrend(null));
  }, [api, selected, method]);

  useEffect(() => {
    if (!selected) {
      setDetail(null);
      return;
    }
    api
      .get<AreaDetail>(`/api/areas/${encodeURIComponent(selected)}`)
      .then((d) => {
        setDetail(d);
        const b = bboxOf(d.geometry);
        if (b && mapRef.current) mapRef.current.fitBounds(b, { padding: 60, maxZoom: 10 });
      })
      .catch((err) => {
        setDetail(null);
        setError(err);
      });
  }, [api, selected]);

  async function createPicture(startRtm: boolean) {
    if (!selected) return;
    const name = detail?.name ?? byCode.get(selected)?.name ?? selected;
    try {
      const p = await api.post<Picture>(`/api/areas/${encodeURIComponent(selected)}/picture`, { title: t('strategic.pictureTitle', { name }) });
      navigate(routePath({ name: 'picture', id: p.id }) + (startRtm ? '?tab=rtm' : ''));
    } catch (err) {
      setError(err);
    }
  }

  const designationText = (d: string): string =>
    /sarskilt|särskilt/i.test(d) ? t('strategic.designation.special') : /utsatt/i.test(d) ? t('strategic.designation.vulnerable') : d;
  const ranked = rank(items ?? []);
  const fromDetail: RankedItem | undefined =
    detail?.index && selected
      ? { code: selected, name: detail.name, score: detail.index.score, level: detail.index.level, contributions: detail.index.contributions ?? [], reason: detail.index.reason }
      : undefined;
  const sel: RankedItem | undefined = (selected ? (byCode.get(selected) as RankedItem | undefined) : undefined) ?? fromDetail;
  const series = detail ? seriesByIndicator(detail.indicators) : new Map();

  return (
    <div className="strategic-view">
      <header className="topbar">
        <h1 className="brand">{t('app.title')}</h1>
        <nav className="topnav" aria-label={t('nav.main')}>
          <a href="/" onClick={(e) => {
              e.preventDefault();
              navigate('/');
            }}>
            {t('nav.pictures')}
          </a>
          <a href="/strategic" aria-current="page" onClick={(e) => e.preventDefault()}>
            {t('nav.strategic')}
          </a>
        </nav>
        <div className="spacer" />
        <LanguageSwitch />
        <UserMenu />
      </header>
      <div className="strategic-body">
        <aside className="side-panel left-panel" aria-label={t('strategic.ranking')}>
          <details className="index-settings">
            <summary>{t('strategic.settings')}</summary>
            <label>
              {t('strategic.method')}
              <select value={method} onChange={(e) => setMethod(e.target.value as 'zscore' | 'percentile')}>
                <option value="zscore">{t('strategic.zscore')}</option>
                <option value="percentile">{t('strategic.percentile')}</option>
              </select>
            </label>
            <label>
              {t('strategic.year')}
              <input
                type="number"
                min={2000}
                max={2100}
                value={year}
                onChange={(e) => {
                  setYearTouched(true);
                  setYear(Number(e.target.value) || year);
                }}
              />
            </label>
            <fieldset>
              <legend>{t('strategic.weights')}</legend>
              {weights.map((w, i) => {
                return (
                  <label key={w.indicator} className="weight-row">
                    <span>{indicatorLabel(w.indicator)}</span>
                    <input
                      type="number"
                      min={0}
                      max={10}
                      step={0.5}
                      value={w.weight}
                      onChange={(e) => {
                        setEdited(true);
                        setWeights(weights.map((x, j) => (j === i ? { ...x, weight: Math.max(0, Number(e.target.value) || 0) } : x)));
                      }}
                    />
                  </label>
                );
              })}
            </fieldset>
            <button type="button" className="primary" onClick={compute} disabled={busy}>
              {busy ? t('common.loading') : t('strategic.compute')}
            </button>
          </details>
          <label className="checkbox">
            <input type="checkbox" checked={uso} onChange={(e) => setUso(e.target.checked)} /> {t('strategic.uso')}
          </label>
          <figure className="legend">
            <figcaption>{t('strategic.legend')}</figcaption>
            <ul>
              {[5, 4, 3, 2, 1].map((l) => (
                <li key={l}>
                  <span className="legend-swatch" style={{ background: LEVEL_COLORS[l] }} aria-hidden="true" /> {t('strategic.level', { n: l })}
                  {l === 5 ? ` (${t('strategic.worst')})` : ''}
                </li>
              ))}
              <li>
                <span className="legend-swatch" style={{ background: NO_SCORE_COLOR }} aria-hidden="true" /> {t('strategic.noScore')}
              </li>
              {uso && (
                <li>
                  <span className="legend-swatch outline" style={{ borderColor: '#000', background: '#fff' }} aria-hidden="true" /> {t('strategic.usoLegend')}
                </li>
              )}
            </ul>
          </figure>
          <ErrorBanner error={error} onDismiss={() => setError(null)} />
          {(items ?? []).some((i) => i.contributions.some((c) => isSynthetic(c.indicator, catalogue.find((x) => x.id === c.indicator)?.source))) && (
            <p className="note" role="note">
              {t('strategic.syntheticNote')}
            </p>
          )}
          <h2>{t('strategic.ranking')}</h2>
          {items === null && !error && <p>{t('common.loading')}</p>}
          <div className="ranking-wrap">
            <table className="data-table ranking" data-testid="ranking">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('strategic.area')}</th>
                  <th scope="col">{t('strategic.score')}</th>
                  <th scope="col">{t('strategic.levelShort')}</th>
                </tr>
              </thead>
              <tbody>
                {ranked.slice(0, 300).map((i) => (
                  <tr key={i.code} className={i.code === selected ? 'selected' : undefined}>
                    <td>{i.rank ?? '–'}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => setSelected(i.code)}>
                        {i.name}
                      </button>
                      {(i as RankedItem).designated && (
                        <span className="badge badge-designated" title={t('strategic.designated')}>
                          {t('strategic.designatedShort')}
                        </span>
                      )}
                    </td>
                    <td>{formatNumber(i.score, locale, 2)}</td>
                    <td>
                      {i.level ? (
                        <>
                          <span className="legend-swatch" style={{ background: LEVEL_COLORS[i.level] }} aria-hidden="true" /> {i.level}
                        </>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </aside>
        <div className="map-wrap">
          <section ref={mapEl} className="map" data-testid="strategic-map" aria-label={t('strategic.mapLabel')} />
        </div>
        {selected && (
          <aside className="side-panel right-panel area-card" aria-label={t('strategic.areaCard')} data-testid="area-card">
            <div className="panel-head">
              <h2>{detail?.name ?? sel?.name ?? selected}</h2>
              <button type="button" className="icon-button" onClick={() => setSelected(null)} aria-label={t('common.close')}>
                ×
              </button>
            </div>
            <p className="muted small">
              {selected} · {detail?.vintage ?? ''}
            </p>
            {sel && (
              <p>
                {t('strategic.score')}: <strong>{formatNumber(sel.score, locale, 2)}</strong>
                {sel.level ? ` · ${t('strategic.level', { n: sel.level })}` : ''}
              </p>
            )}
            {sel?.designated && (
              <p>
                <span className="badge badge-designated">{t('strategic.designated')}</span>{' '}
                {designationText(typeof sel.designation === 'string' ? sel.designation : (sel.designation?.category ?? ''))}
              </p>
            )}
            {trend && trend.index.length > 1 && (
              <div className="index-trend">
                <h3>{t('strategic.indexTrend')}</h3>
                <svg width="200" height="40" role="img" aria-label={t('strategic.indexTrend')}>
                  <polyline points={sparkPoints(trend.index.map((p) => ({ year: p.year, value: p.score })), 196, 34)} fill="none" stroke="#440154" strokeWidth="2" transform="translate(2,3)" />
                </svg>
                <p className="muted small">
                  {trend.index.map((p) => `${p.year}: ${p.level ? t('strategic.level', { n: p.level }) : '–'}`).join(' · ')}
                </p>
              </div>
            )}
            {sel?.reason && <p className="note">{locale === 'en' && sel.reasonEn ? sel.reasonEn : sel.reason}</p>}
            {sel && sel.contributions.length > 0 && (
              <>
                <h3>{t('strategic.contributions')}</h3>
                <ul className="bars">
                  {sel.contributions.map((c) => {
                    const share = c.contribution ?? 0;
                    return (
                      <li key={c.indicator}>
                        <span className="bar-label">{indicatorLabel(c.indicator)}</span>
                        <span className="bar-track" aria-hidden="true">
                          <span className={`bar ${share < 0 ? 'neg' : ''}`} style={{ width: `${Math.min(100, Math.abs(share) * 100)}%` }} />
                        </span>
                        <span className="bar-value">
                          {formatNumber(c.value, locale, 1)} ({c.contribution == null ? t('strategic.missing') : formatNumber(share * 100, locale, 0)}
                          {c.contribution == null ? '' : ' %'})
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
            {detail && series.size > 0 && (
              <>
                <h3>{t('strategic.trend')}</h3>
                <ul className="trend-list">
                  {[...series.entries()].map(([ind, s]) => {
                    const last = s[s.length - 1];
                    return (
                      <li key={ind}>
                        <span className="bar-label">{indicatorLabel(ind)}</span>
                        <svg width="90" height="24" role="img" aria-label={t('strategic.trendOf', { name: indicatorLabel(ind) })}>
                          <polyline points={sparkPoints(s, 86, 20)} fill="none" stroke="#21918c" strokeWidth="2" transform="translate(2,2)" />
                        </svg>
                        <span className="bar-value">
                          {formatNumber(last.value, locale, 1)} ({last.year})
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
            {detail && detail.classifications.length > 0 && (
              <>
                <h3>{t('strategic.classifications')}</h3>
                <ul>
                  {detail.classifications.map((c, i) => (
                    <li key={`${c.code ?? i}`}>
                      {String(c.name ?? c.code ?? '')} {c.category ? `– ${String(c.category)}` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {police && (
              <div className="button-row">
                <button type="button" className="primary" onClick={() => createPicture(false)}>
                  {t('strategic.createPicture')}
                </button>
                {canUseRtm(user) && (
                  <button type="button" onClick={() => createPicture(true)}>
                    {t('strategic.startRtm')}
                  </button>
                )}
              </div>
            )}
          </aside>
        )}
      </div>
    </div>
  );
}
