import { useCallback, useMemo, useRef, useState } from 'react';
import type { Picture } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { AppHeader } from '../components/AppHeader.tsx';
import { ErrorBanner } from '../components/common.tsx';
import { navigate, routePath } from '../router.ts';
import { AreaCard } from './AreaCard.tsx';
import { IndexLegend } from './IndexLegend.tsx';
import { IndexSettingsPanel } from './IndexSettingsPanel.tsx';
import { indicatorLabeller, isSynthetic, useIndicatorCatalogue } from './indicators.ts';
import { RankingTable } from './RankingTable.tsx';
import { useAreaDetail } from './useAreaDetail.ts';
import { useAreaShapes } from './useAreaShapes.ts';
import { type RankedItem, useIndexSettings, useRanking } from './useRanking.ts';
import { useMapContents, useStrategicMap } from './useStrategicMap.ts';


/** The strategic map: a municipal index as a choropleth and a ranking, and a card for the selected area. */
export function StrategicView() {
  const { api, t, locale, mapStyleUrl } = useApp();
  const mapEl = useRef<HTMLElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [uso, setUso] = useState(true);
  const { settings, setMethod, chooseYear, setWeight, setDataYear, setDefaultWeights } = useIndexSettings();
  const catalogue = useIndicatorCatalogue(api, setDefaultWeights);
  const shapes = useAreaShapes(api, setDataYear, setError);
  const { items, busy, compute } = useRanking(api, setError);
  const { detail, trend } = useAreaDetail(api, selected, settings.method, setError);
  const map = useStrategicMap(mapEl, mapStyleUrl, setSelected);
  const byCode = useMemo(() => new Map((items ?? []).map((i) => [i.code, i])), [items]);
  useMapContents(map, { shapes, byCode, selected, uso, detail });

  const label = indicatorLabeller(catalogue, locale, t);
  const synthetic = (items ?? []).some((i) => i.contributions.some((c) => isSynthetic(c.indicator, catalogue.find((x) => x.id === c.indicator)?.source)));
  const fromDetail: RankedItem | undefined =
    detail?.index && selected
      ? { code: selected, name: detail.name, score: detail.index.score, level: detail.index.level, contributions: detail.index.contributions ?? [], reason: detail.index.reason }
      : undefined;
  const item = (selected ? byCode.get(selected) : undefined) ?? fromDetail;

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
          <h2>{t('strategic.ranking')}</h2>
          {items === null && !error && <p>{t('common.loading')}</p>}
          <RankingTable items={items ?? []} selected={selected} onSelect={setSelected} />
        </aside>
        <div className="map-wrap">
          <section ref={mapEl} className="map" data-testid="strategic-map" aria-label={t('strategic.mapLabel')} />
        </div>
        {selected && (
          <AreaCard code={selected} detail={detail} item={item} trend={trend} label={label} onClose={() => setSelected(null)} onCreatePicture={createPicture} />
        )}
      </div>
    </div>
  );
}
