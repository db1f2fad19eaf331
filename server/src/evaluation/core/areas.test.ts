import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../shared/src/random.ts';
import { inArea, pointInPolygonClosed, prepareArea } from './areas.ts';

/** Brute force on an integer lattice: a point is in a rectilinear polygon iff it is in one of its unit cells (closed). */
function bruteInCells(x: number, y: number, cells: Set<string>): boolean {
  for (const cx of [Math.floor(x), Math.ceil(x) - 1]) for (const cy of [Math.floor(y), Math.ceil(y) - 1]) if (cells.has(`${cx},${cy}`) && x >= cx && x <= cx + 1 && y >= cy && y <= cy + 1) return true;
  return false;
}

describe('counting points in evaluation areas (boundaries included)', () => {
  // An L-shaped area with a 1×1 hole: cells of a 4×4 block minus the top-right 2×2, minus the hole at (1,1).
  const cells = new Set<string>();
  for (let x = 0; x < 4; x++) for (let y = 0; y < 4; y++) if (!(x >= 2 && y >= 2) && !(x === 1 && y === 1)) cells.add(`${x},${y}`);
  const L = {
    type: 'Polygon',
    coordinates: [
      [[0, 0], [4, 0], [4, 2], [2, 2], [2, 4], [0, 4], [0, 0]],
      [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]],
    ],
  };
  const area = prepareArea(L);

  it('counts vertices and edges as inside, the hole’s inside as outside, its edge as inside', () => {
    for (const [x, y] of [[0, 0], [4, 0], [4, 2], [2, 3], [0, 2.5], [3, 2], [1, 1], [1.5, 1], [2, 1.5]] as const) expect(inArea(x, y, area), `${x},${y}`).toBe(true);
    for (const [x, y] of [[1.5, 1.5], [3, 3], [4.0001, 1], [-0.0001, 2], [2.0001, 2.0001]] as const) expect(inArea(x, y, area), `${x},${y}`).toBe(false);
  });

  it('agrees with a brute-force cell test on 20 000 seeded points, a third of them on grid lines', () => {
    const rng = createRng(4242);
    let inside = 0;
    for (let i = 0; i < 20_000; i++) {
      let x = -0.5 + rng() * 5;
      let y = -0.5 + rng() * 5;
      // Snap one or both coordinates to a quarter grid so edges and vertices are hit exactly.
      if (i % 3 === 0) x = Math.round(x * 4) / 4;
      if (i % 5 === 0) y = Math.round(y * 4) / 4;
      const want = bruteInCells(x, y, cells);
      expect(inArea(x, y, area), `${x},${y}`).toBe(want);
      if (want) inside++;
    }
    expect(inside).toBeGreaterThan(5000);
  });

  it('holds a MultiPolygon’s parts and tests points on diagonal edges exactly', () => {
    const tri = { type: 'MultiPolygon', coordinates: [[[[0, 0], [2, 0], [0, 2], [0, 0]]], [[[10, 10], [11, 10], [11, 11], [10, 10]]]] };
    const a = prepareArea(tri);
    expect(inArea(1, 1, a)).toBe(true);
    expect(inArea(0.5, 1.5, a)).toBe(true);
    expect(inArea(1.0000001, 1, a)).toBe(false);
    expect(inArea(10.5, 10.5, a)).toBe(true);
    expect(inArea(10.5, 10.6, a)).toBe(false);
    expect(pointInPolygonClosed(0, 0, [])).toBe(false);
  });
});
