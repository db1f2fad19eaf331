import { describe, expect, it } from 'vitest';
import { latToTileY, lonToTileX, TILE_SIZE, tileFor, tilePixelCells, tileToLat, tileToLon, validTile } from './xyzTiles.ts';

describe('XYZ tiles', () => {
  it('tile ↔ lon/lat round trip; validity', () => {
    const { x, y } = tileFor(13.0, 55.6, 12);
    expect(x).toBe(lonToTileX(13.0, 12));
    expect(y).toBe(latToTileY(55.6, 12));
    expect(tileToLon(x, 12)).toBeLessThanOrEqual(13.0);
    expect(tileToLon(x + 1, 12)).toBeGreaterThan(13.0);
    expect(tileToLat(y, 12)).toBeGreaterThanOrEqual(55.6);
    expect(tileToLat(y + 1, 12)).toBeLessThan(55.6);
    expect(validTile(12, x, y, 22)).toBe(true);
    expect(validTile(23, 0, 0, 22)).toBe(false);
    expect(validTile(1, 2, 0, 22)).toBe(false);
    expect(validTile(1, 0.5, 0, 22)).toBe(false);
  });

  it('maps every pixel of a tile inside a grid to a cell, and a tile off the grid to null', () => {
    // An identity "projection" in degrees makes the expected cells easy to state.
    const z = 10;
    const x = lonToTileX(13, z);
    const y = latToTileY(55.6, z);
    const grid = { originX: 12, originY: 57, cellSize: 0.01, cols: 300, rows: 300 };
    const cells = tilePixelCells(grid, z, x, y, (lon, lat) => [lon, lat]);
    expect(cells).not.toBeNull();
    expect(cells).toHaveLength(TILE_SIZE * TILE_SIZE);
    expect(Math.min(...(cells as Int32Array))).toBeGreaterThanOrEqual(0);
    const lon = tileToLon(x + 0.5 / TILE_SIZE, z);
    const lat = tileToLat(y + 0.5 / TILE_SIZE, z);
    const expected = Math.floor((57 - lat) / 0.01) * 300 + Math.floor((lon - 12) / 0.01);
    expect(Math.abs((cells as Int32Array)[0] - expected)).toBeLessThanOrEqual(1);
    expect(tilePixelCells({ ...grid, originX: 40 }, z, x, y, (lo, la) => [lo, la])).toBeNull();
  });
});
