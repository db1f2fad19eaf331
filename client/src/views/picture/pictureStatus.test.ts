import { describe, expect, it } from 'vitest';
import { capLayers, isOpen, statusBannerKey } from './pictureStatus.ts';

const layers = [
  { id: 'a', access: 'admin' as const },
  { id: 'w', access: 'write' as const },
  { id: 'r', access: 'read' as const },
];

describe('picture status on the open page', () => {
  it('a closed or archived picture offers no writing in any layer', () => {
    for (const status of ['closed', 'archived']) {
      expect(capLayers(layers, status).map((l) => l.access)).toEqual(['read', 'read', 'read']);
    }
  });

  it('an open picture keeps the rights it was given (positive control), the same array', () => {
    expect(capLayers(layers, 'active')).toBe(layers);
    expect(capLayers(layers, undefined)).toBe(layers);
  });

  it('an unknown status is treated as not open', () => {
    expect(isOpen('paused')).toBe(false);
    expect(capLayers(layers, 'paused').every((l) => l.access === 'read')).toBe(true);
  });

  it('names the banner for a closed and an archived picture, none for an open one', () => {
    expect(statusBannerKey('closed')).toBe('picture.closedBanner');
    expect(statusBannerKey('archived')).toBe('picture.archivedBanner');
    expect(statusBannerKey('active')).toBeNull();
  });
});
