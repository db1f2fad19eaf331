/**
 * Tells each viewer of a picture what changed in its risk, as that viewer may see it: `incident.*` (partners
 * only from released groups), `zone.*` from the viewer's own products, `risk.updated`; then writes the zones into
 * the picture's layer documents.
 */
import type { Logger } from 'pino';
import type { LiveEvent } from '../../../shared/src/events.ts';
import type { AuthUser } from '../auth/authService.ts';
import type { DocumentManager } from '../collab/documents.ts';
import { type IncidentChange, type IncidentStore, incidentView } from '../incidents/index.ts';
import { LiveHub } from '../live/liveHub.ts';
import type { PictureRecord, PictureService } from '../pictures/index.ts';
import { incidentAudienceOf, type RiskAudience, zoneViewFor } from './audience.ts';
import { reconcileZoneFeatures } from './layerZones.ts';
import type { PictureRisk, RiskDelta } from './pictureRisk.ts';
import { deltaIsEmpty, type ProductDelta } from './products.ts';
import { riskUpdatedBody, zoneViews } from './views.ts';

type Viewer = AuthUser;

export interface PublisherDeps {
  store: Pick<IncidentStore, 'partnerRelease'>;
  pictures: Pick<PictureService, 'getPicture'>;
  live: LiveHub | null;
  docs?: DocumentManager | null;
  log: Logger;
}

export class RiskPublisher {
  constructor(
    private readonly deps: PublisherDeps,
    private readonly limits: { maxIncidentEventsPerBatch: number; maxZoneEventsPerBatch: number },
    private readonly views: { audienceFor(viewer: Viewer, picture: PictureRecord): Promise<RiskAudience> },
  ) {}

  async publishDelta(pictureId: string, st: PictureRisk | null, delta: RiskDelta | null, incidents: readonly IncidentChange[]): Promise<void> {
    const live = this.deps.live;
    if (!live) return;
    const picture = await this.deps.pictures.getPicture(pictureId);
    if (!picture) return;
    const audiences = new Map<string, Promise<RiskAudience>>();
    const audienceOf = (v: Viewer) => {
      const key = `${v.organisationId}|${[...v.roles].sort().join(',')}|${v.isPolice}`;
      let a = audiences.get(key);
      if (!a) {
        a = this.views.audienceFor(v, picture);
        audiences.set(key, a);
      }
      return a;
    };
    // Each audience hears of the incidents that are in the picture as it can tell (police: the stored point;
    // partners: the generalised one). Without an area, every incident is in.
    const inFor = (audience: ReturnType<typeof incidentAudienceOf>, id: string) =>
      !delta || (audience === 'partner' ? delta.partnerRelevantIds.has(id) : delta.relevantIds.has(id));
    const batch = incidents.slice(0, this.limits.maxIncidentEventsPerBatch);
    // Incident records reach partners only from released groups (partnerRelease.ts, ACCESS.md P5), live as in the list:
    // otherwise counting live events would read back the small counts the list and the strategic map withhold.
    // Asked once per batch, and only when a partner is listening.
    let released: Promise<Set<string>> | undefined;
    const releasedToPartners = (id: string) => {
      released ??= this.deps.store.partnerRelease().released(batch.flatMap((ch) => (ch.before ? [ch.after, ch.before] : [ch.after])));
      return released.then((ids) => ids.has(id));
    };
    for (const ch of batch) {
      await live.publish(pictureId, async (viewer) => {
        const audience = incidentAudienceOf(await audienceOf(viewer));
        if (!inFor(audience, ch.after.id)) return null;
        if (audience === 'partner' && !(await releasedToPartners(ch.after.id))) return null;
        return this.incidentEvent(pictureId, ch, audience);
      });
    }
    if (!st || !delta) return;
    const cell = st.settings.partnerCellSizeM;
    // Each audience hears only of its own products' zones: police of the exact ones, partners of the partner ones.
    const zoneEvents = async (audience: 'full' | 'generalised', d: ProductDelta) => {
      // A bulk change (an import) sends no per-zone events: risk.updated below carries the whole zone list.
      if (d.zones.created.length + d.zones.removed.length > this.limits.maxZoneEventsPerBatch) return;
      for (const z of d.zones.removed) {
        await live.publish(pictureId, async (viewer) => {
          const v = (await audienceOf(viewer)) === audience ? zoneViewFor(audience, z, pictureId, cell) : null;
          return v ? { ...LiveHub.envelope('zone.expired', pictureId), zoneId: v.id } : null;
        });
      }
      for (const z of d.zones.created) {
        await live.publish(pictureId, async (viewer) => {
          const v = (await audienceOf(viewer)) === audience ? zoneViewFor(audience, z, pictureId, cell) : null;
          return v ? { ...LiveHub.envelope('zone.created', pictureId), zone: v } : null;
        });
      }
    };
    await zoneEvents('full', delta);
    await zoneEvents('generalised', delta.partner);
    if (!deltaIsEmpty(delta) || !deltaIsEmpty(delta.partner)) {
      await live.publish(pictureId, async (viewer) => {
        const p = riskUpdatedBody(st, delta, await audienceOf(viewer));
        return p ? ({ ...LiveHub.envelope('risk.updated', pictureId), ...p } as LiveEvent) : null;
      });
    }
    // After the events: the layer documents follow (persisted like any edit, relayed to y-websocket clients).
    const zonesChanged = (d: ProductDelta) => d.zones.created.length + d.zones.removed.length > 0 || d.change.full;
    if (zonesChanged(delta) || zonesChanged(delta.partner)) await this.syncLayers(st, picture);
  }

  /**
   * Writes the active zones into the picture's layer documents: exact ones into `incidents` layers, generalised
   * ones into non-police `risk` layers. Failures are logged; the live events do not depend on them.
   */
  async syncLayers(st: PictureRisk, known?: PictureRecord): Promise<void> {
    const docs = this.deps.docs;
    if (!docs) return;
    try {
      const picture = known ?? (await this.deps.pictures.getPicture(st.pictureId));
      if (!picture) return;
      for (const layer of picture.layers) {
        // Exact zones only into police-internal incidents layers (AC1 keeps partners out of those); partner zones
        // into the risk layers partners may be given; nothing into any other layer.
        const audience: RiskAudience | null =
          layer.kind === 'incidents' && layer.classification === 'police_internal'
            ? 'full'
            : layer.kind === 'risk' && layer.classification !== 'police_internal'
              ? 'generalised'
              : null;
        if (!audience) continue;
        const zones = zoneViews(st, audience);
        const current = await docs.readState(layer.id);
        const needed = reconcileZoneFeatures(current, zones);
        current.destroy();
        if (needed) await docs.change(layer.id, (doc) => void reconcileZoneFeatures(doc, zones));
      }
    } catch (err) {
      this.deps.log.warn({ err, pictureId: st.pictureId }, 'risk: writing zones into layer documents failed');
    }
  }

  private incidentEvent(pictureId: string, ch: IncidentChange, audience: ReturnType<typeof incidentAudienceOf>): LiveEvent | null {
    const { before, after } = ch;
    const view = incidentView(after, audience);
    const type = before === null ? 'incident.created' : after.status === 'retracted' && before.status !== 'retracted' ? 'incident.retracted' : 'incident.updated';
    const old = before ? incidentView(before, audience) : null;
    // A change this audience cannot see (e.g. the description, for partners) is not announced to it.
    if (view && old && audience === 'partner' && JSON.stringify(view) === JSON.stringify(old)) return null;
    if (view) return { ...LiveHub.envelope(type, pictureId), incident: view };
    // It was visible to this audience and no longer is (reclassified, retracted): tell them it is gone.
    if (old && audience === 'partner') return { ...LiveHub.envelope('incident.retracted', pictureId), incident: old };
    return null;
  }
}
