/** What each audience is served of a picture's risk state: its products, its zones, its `risk.updated` body. */
import type { RiskUpdatedEvent, ZoneView } from '../../../shared/src/events.ts';
import { type RiskAudience, zoneViewFor } from './audience.ts';
import type { PictureRisk, RiskDelta } from './pictureRisk.ts';
import { deltaIsEmpty, type NearRepeatProducts, type ProductDelta } from './products.ts';
import { boxToWgs, tilesForBbox } from './tiles.ts';

/** The products a viewer of this audience is served from (never both). */
export function productsFor(st: PictureRisk, audience: 'full' | 'generalised'): NearRepeatProducts {
  return audience === 'full' ? st.police : st.partner;
}

/** The zones a viewer of this audience sees, from that audience's own products. */
export function zoneViews(st: PictureRisk, audience: RiskAudience): ZoneView[] {
  if (audience === 'none') return [];
  const out: ZoneView[] = [];
  for (const z of productsFor(st, audience).zones.list()) {
    const v = zoneViewFor(audience, z, st.pictureId, st.settings.partnerCellSizeM);
    if (v) out.push(v);
  }
  return out;
}

/** The `risk.updated` body for a viewer of this audience, from that audience's own change (null: nothing to send). */
export function riskUpdatedBody(st: PictureRisk, delta: RiskDelta, audience: RiskAudience): Omit<RiskUpdatedEvent, 'v' | 'type' | 'pictureId' | 'at'> | null {
  if (audience === 'none') return null;
  const mine: ProductDelta = audience === 'full' ? delta : delta.partner;
  if (deltaIsEmpty(mine)) return null;
  const { change } = mine;
  const surface = audience === 'full' && st.combined ? 'combined' : 'near_repeat';
  const zones = zoneViews(st, audience);
  if (change.bbox === null) return { surface, bbox: null, tiles: [], changedCells: change.cells.length, zones };
  // Partner changes are counted and boxed in partner-grid cells, which already are the generalisation.
  const { originX, originY, cellSize } = productsFor(st, audience).grid;
  const b = change.bbox;
  const bbox = boxToWgs(originX + b.minCol * cellSize, originY - (b.maxRow + 1) * cellSize, originX + (b.maxCol + 1) * cellSize, originY - b.minRow * cellSize);
  return { surface, bbox, tiles: tilesForBbox(bbox, 8, audience === 'generalised' ? 15 : 18), changedCells: change.cells.length, zones };
}
