import { useEffect, useMemo, useRef, useState } from 'react';
import type { Classification } from '../../../../../shared/src/access.ts';
import type { ZoneView } from '../../../../../shared/src/events.ts';
import type { FeatureCollection } from '../../../../../shared/src/layerDoc.ts';
import { markPrintReady, PRINT_READY } from '../../../../../shared/src/printReady.ts';
import { ApiError } from '../../../api/http.ts';
import type { Picture } from '../../../api/types.ts';
import { useApp } from '../../../AppContext.tsx';
import { formatDateTime } from '../../../i18n/format.ts';
import { CLASSIFICATION_COLORS } from '../../../map/colors.ts';
import { areaGeometry, type BBox, bboxOf } from '../../../map/geo.ts';
import { annotationLabels, annotationsFc, zoneLabels, zonesFc } from '../../../map/overlayData.ts';
import { PictureMapController } from '../../../map/PictureMapController.ts';
import { navigate, routePath } from '../../../router.ts';
import { CLASSIFICATION_KEYS } from '../LayerPanel.tsx';
import { Legend } from '../legend/Legend.tsx';
import { legendEntries } from '../legend/legendModel.ts';
import { highestClassification } from './geojsonExport.ts';

interface ExportAnswer {
  picture: Picture;
  layers: Array<{ id: string; name: string; classification: Classification; features: FeatureCollection }>;
}

/** The box around every given box (null when none). */
function unionBbox(boxes: ReadonlyArray<BBox | null>): BBox | null {
  const bs = boxes.filter((b): b is BBox => b !== null);
  if (bs.length === 0) return null;
  return [Math.min(...bs.map((b) => b[0])), Math.min(...bs.map((b) => b[1])), Math.max(...bs.map((b) => b[2])), Math.max(...bs.map((b) => b[3]))];
}

/** Drops the zone features the risk state writes into the incidents layer: the zone overlay draws them. */
const isZoneFeature = (id: string) => id.startsWith('nrz:') || id.startsWith('pz:');

/**
 * `/pictures/:id/print`: the map of the picture's layers and zones, its legend, the classification, a source
 * line and the date, laid out for A4. Marks itself ready for the PDF printer once the map is idle.
 */
export function PicturePrintView({ pictureId }: { pictureId: string }) {
  const { api, t, token, user, locale, mapStyleUrl, errorText } = useApp();
  const [data, setData] = useState<ExportAnswer | null>(null);
  const [zones, setZones] = useState<ZoneView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const mapEl = useRef<HTMLElement>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const printedAt = useMemo(() => new Date().toISOString(), []);

  useEffect(() => {
    const ac = new AbortController();
    Promise.all([
      api.get<ExportAnswer>(`/api/pictures/${encodeURIComponent(pictureId)}/export`, ac.signal),
      api.get<{ zones: ZoneView[] }>(`/api/pictures/${encodeURIComponent(pictureId)}/risk`, ac.signal).catch(() => ({ zones: [] })),
    ])
      .then(([d, r]) => {
        setData(d);
        setZones(r.zones ?? []);
      })
      .catch((e) => {
        if ((e as Error)?.name === 'AbortError') return;
        setError(e);
        const missing = e instanceof ApiError && (e.status === 404 || e.status === 403);
        markPrintReady(missing ? PRINT_READY.notFound : PRINT_READY.error, errorText(e));
      });
    return () => ac.abort();
  }, [api, pictureId, errorText]);

  const layerFeatures = useMemo(
    () => (data?.layers ?? []).map((l) => ({ layerId: l.id, classification: l.classification, features: l.features.features.filter((f) => !isZoneFeature(String(f.id))) })),
    [data],
  );

  useEffect(() => {
    if (!data || !mapEl.current) return;
    const m = new PictureMapController({ container: mapEl.current, styleUrl: mapStyleUrl, token: () => tokenRef.current });
    let done = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    // Ready once the map has drawn what is set below: the first idle after the data and the camera are in place.
    const ready = () => {
      if (done) return;
      done = true;
      markPrintReady(PRINT_READY.ready);
    };
    (async () => {
      await m.whenReady();
      const area = areaGeometry(data.picture.area);
      await m.setArea(area);
      await m.setAnnotations(annotationsFc(layerFeatures, null), annotationLabels(layerFeatures));
      await m.setZones(zonesFc(zones), zoneLabels(zones, () => ''));
      const b = bboxOf(area) ?? unionBbox(layerFeatures.flatMap((l) => l.features.map((f) => bboxOf(f.geometry as never))));
      if (b) m.fitBounds(b);
      m.map.once('idle', ready);
      m.map.triggerRepaint();
      // An idle that came before the listener is not repeated: also ask the map whether it has finished.
      poll = setInterval(() => {
        if (!done && m.map.loaded() && m.map.areTilesLoaded() && !m.map.isMoving()) ready();
        if (done) clearInterval(poll);
      }, 250);
    })().catch((e) => markPrintReady(PRINT_READY.error, String(e)));
    return () => {
      clearInterval(poll);
      if (!done) delete document.body.dataset.printReady;
      m.destroy();
    };
  }, [data, zones, layerFeatures, mapStyleUrl]);

  if (error)
    return (
      <main className="content print-page">
        <p role="alert">{t('picture.missing')}</p>
        <a href="/">{t('picture.backToList')}</a>
      </main>
    );
  const withFeatures = (data?.layers ?? []).filter((l) => l.features.features.length > 0);
  const cls = highestClassification(withFeatures);
  const legend = legendEntries({
    incidents: false,
    areaIncidents: false,
    zones: zones.length > 0,
    generalisedZones: zones.some((z) => z.generalised),
    risk: false,
    rtm: false,
    layers: withFeatures.map((l) => ({ name: `${l.name} (${t(CLASSIFICATION_KEYS[l.classification])})`, colour: CLASSIFICATION_COLORS[l.classification] })),
  });
  return (
    <main className="print-page" data-testid="print-view">
      <header className="print-head">
        <h1>{data?.picture.title ?? t('common.loading')}</h1>
        <p className="print-class">{t('export.classified', { classes: t(CLASSIFICATION_KEYS[cls]) })}</p>
        <div className="print-tools no-print">
          <button type="button" className="primary" onClick={() => window.print()}>
            {t('print.print')}
          </button>
          <button type="button" onClick={() => navigate(routePath({ name: 'picture', id: pictureId }))}>
            {t('print.back')}
          </button>
        </div>
      </header>
      <section ref={mapEl} className="print-map" aria-label={t('map.label')} />
      <Legend entries={legend} collapsible={false} />
      <footer className="print-foot">{t('export.source', { org: user?.organisation.name ?? '', when: formatDateTime(printedAt, locale), who: user?.displayName ?? user?.username ?? '' })}</footer>
    </main>
  );
}
