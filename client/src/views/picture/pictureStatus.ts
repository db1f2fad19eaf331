/**
 * A picture's lifecycle status as the open page applies it: a closed or archived picture is read-only for
 * everyone (server/src/pictures/pictureService.ts `capForStatus`). The page caps its layers' rights the moment
 * `picture.updated` says so, before the server's own answer arrives, so no edit control is offered in between.
 * Pure.
 */
import type { LayerSummary } from '../../../../shared/src/events.ts';

export type PictureStatus = 'active' | 'closed' | 'archived';

/** An unknown status counts as not open: the safe side is to offer no editing. */
export function isOpen(status: string | undefined): boolean {
  return status === undefined || status === 'active';
}

export function capLayers<L extends Pick<LayerSummary, 'access'>>(layers: readonly L[], status: string | undefined): L[] {
  if (isOpen(status)) return layers as L[];
  return layers.map((l) => (l.access === 'write' || l.access === 'admin' ? { ...l, access: 'read' } : l));
}

/** The banner's sentence key for a picture that is not open, or null when it is. */
export function statusBannerKey(status: string | undefined): 'picture.closedBanner' | 'picture.archivedBanner' | null {
  if (isOpen(status)) return null;
  return status === 'archived' ? 'picture.archivedBanner' : 'picture.closedBanner';
}
