import { useCallback, useMemo, useRef, useState } from 'react';
import type { Picture } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { AppHeader } from '../components/AppHeader.tsx';
import { ErrorBanner } from '../components/common.tsx';
import { navigate, routePath } from '../router.ts';
import { AreaCard } from './AreaCard.tsx';
import { DrillBar } from './DrillBar.tsx';
import { backTo, type DrillState, drillInto, INITIAL_DRILL, shapesUrl, showTopLevel } from './drill.ts';
import { IndexLegend } from './IndexLegend.tsx';
import { IndexSettingsPanel } from './IndexSettingsPanel.tsx';
import { indicatorLabeller, isSynthetic, useIndicatorCatalogue } from './indicators.ts';
import { type AreaLevel, levelLabel } from './labels.ts';
import { RankingTable } from './RankingTable.tsx';
import { StrategicLists } from './StrategicLists.tsx';
import { useAreaDetail } from './useAreaDetail.ts';
import { useAreaShapes } from './useAreaShapes.ts';
import { itemsFromShapes, useChildLevels, vintageOf } from './useDrill.ts';
import { type RankedItem, useIndexSettings, useRanking } from './useRanking.ts';
import { useMapContents, useStrategicMap } from './useStrategicMap.ts';
import { followZoom, type MapView, nextCandidate } from './zoomLevel.ts';

/**
 * The strategic map: an index as a choropleth and a ranking at the level shown (län, kommun, DeSO, or an area's
 * districts after a drill-down), the watch list and the biggest movers, and a card for the selected area.
 */
export function StrategicView() {
  const { api, t, locale, mapStyleUrl } = useApp();
  const mapEl = useRef<HTMLElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [uso, setUso] = useState(true);
  const { settings, setMethod, chooseYear, setWeight, setDataYear, setDefaultWeights } = useIndexSettings();
  const catalogue = useIndicatorCatalogue(api, setDefaultWeights);
  const [drill, setDrill] = useState<DrillState>(INITIAL_DRILL);
  // Zoomed in where the first choice of finer level has no areas: the next one; none left is said in the bar.
  const [emptyUrl, setEmptyUrl] = useState<string | null>(null);
  const onEmpty = useCallback((url: string) => {
    setEmptyUrl(url);
    setDrill((d) => (shapesUrl(d) === url ? nextCandidate(d) : d));
  }, []);
  const shapes = useAreaShapes(api, shapesUrl(drill), setDataYear, setError, onEmpty);
  const noFinerAreas = !!drill.zoomed && emptyUrl === shapesUrl(drill);
  const { items: nationalItems, busy, compute } = useRanking(api, setError);
  // The national municipality ranking follows the index settings; other views rank the drawn areas' scores.
  const national = drill.level === 'kommun' && drill.trail.length === 0 && !drill.zoomed;
  const items = useMemo(() => (national ? nationalItems : shapes ? itemsFromShapes(shapes) : null), [national, nationalItems, shapes]);
  const { detail, trend } = useAreaDetail(api, selected, settings.method, setError);
  const drillLevels = useChildLevels(api, selected, (detail?.level as AreaLevel | undefined) ?? null);
  const onView = useCallback((view: MapView) => setDrill((d) => followZoom(d, view)), []);
  const map = useStrategicMap(mapEl, mapStyleUrl, setSelected, onView);
  const byCode = useMemo(() => new Map((items ?? []).map((i) => [i.code, i])), [items]);
  const openInto = useCallback(
    (level: AreaLevel) => {
      if (!selected || !detail) return;
      setDrill((d) => drillInto(d, { code: selected, name: detail.name, level: detail.level as AreaLevel }, level));
    },
    [selected, detail],
  );
  useMapContents(map, { shapes, byCode, selected, uso, detail });

  const label = indicatorLabeller(catalogue, locale, t);
  const synthetic = (items ?? []).some((i) => i.contributions.some((c) => isSynthetic(c.indicator, catalogue.find((x) => x.id === c.indicator)?.source)));
  const fromDetail: RankedItem | undefined =
    detail?.index && selected
      ? { code: selected, name: detail.name, score: detail.index.score, level: detail.index.level, contributions: detail.index.contributions ?? [], reason: detail.index.reason }
      : undefined;
  const ranked = selected ? byCode.get(selected) : undefined;
  // Rankings read from shapes carry no contributions; the area's own card has them.
  const item = ranked && ranked.contributions.length > 0 ? ranked : (fromDetail ?? ranked);

  const createPicture = useCallback(
    async (startRtm: boolean) => {
      if (!selected) return;
      const name = detail?.name ?? byCode.get(selected)?.name ?? selected;
      try {
        const p = await api.post<Picture>(`/api/areas/${encodeURIComponent(selected)}/picture`, { title: t('strategic.pictureTitle', { name }) });
        navigate(routePath({ name: 'picture', id: p.id }) + (startRtm ? '?tab=rtm' : ''));
      } catch (err) {
        setError(err);
      }
    },
    [api, t, selected, detail, byCode],
  );

  return (
    <div className="strategic-view">
      <AppHeader page="strategic" />
      <div className="strategic-body">
        <aside className="side-panel left-panel" aria-label={t('strategic.ranking')}>
          <IndexSettingsPanel
            settings={settings}
            label={label}
            busy={busy}
            onMethod={setMethod}
            onYear={chooseYear}
            onWeight={setWeight}
            onCompute={() => compute(settings)}
          />
          <label className="checkbox">
            <input type="checkbox" checked={uso} onChange={(e) => setUso(e.target.checked)} /> {t('strategic.uso')}
          </label>
          <IndexLegend designatedAreas={uso} />
          <ErrorBanner error={error} onDismiss={() => setError(null)} />
          {synthetic && (
            <p className="note" role="note">
              {t('strategic.syntheticNote')}
            </p>
          )}
          <DrillBar state={drill} noFinerAreas={noFinerAreas} onLevel={(l) => setDrill(showTopLevel(l))} onBack={(i) => setDrill((d) => backTo(d, i))} />
          <h2>
            {national
              ? t('strategic.ranking')
              : drill.zoomed
                ? t('strategic.rankingVisible', { level: levelLabel(drill.level, locale) })
                : t('strategic.rankingOf', { level: levelLabel(drill.level, locale) })}
          </h2>
          <StrategicLists
            level={drill.level}
            vintage={vintageOf(shapes)}
            method={settings.method}
            onSelect={setSelected}
            ranking={
              <>
                {items === null && !error && <p>{t('common.loading')}</p>}
                <RankingTable items={items ?? []} selected={selected} onSelect={setSelected} />
              </>
            }
          />
        </aside>
        <div className="map-wrap">
          <section ref={mapEl} className="map" data-testid="strategic-map" aria-label={t('strategic.mapLabel')} />
        </div>
        {selected && (
          <AreaCard
            code={selected}
            detail={detail}
            item={item}
            trend={trend}
            label={label}
            method={settings.method}
            drillLevels={drillLevels}
            onDrill={openInto}
            onClose={() => setSelected(null)}
            onCreatePicture={createPicture}
          />
        )}
      </div>
    </div>
  );
}
