import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PICTURE_AREA_LIMITS, polygonalProblems } from './geometryCheck.ts';

const square = [
  [13.0, 55.6],
  [13.1, 55.6],
  [13.1, 55.65],
  [13.0, 55.65],
  [13.0, 55.6],
];
const poly = (...rings: unknown[]) => ({ type: 'Polygon', coordinates: rings });

describe('polygonalProblems: picture areas', () => {
  it('accepts a closed square in Malmö, with a hole, and as a MultiPolygon (control)', () => {
    const hole = [
      [13.02, 55.61],
      [13.02, 55.62],
      [13.03, 55.62],
      [13.03, 55.61],
      [13.02, 55.61],
    ];
    expect(polygonalProblems(poly(square))).toEqual([]);
    expect(polygonalProblems(poly(square, hole))).toEqual([]);
    expect(polygonalProblems({ type: 'MultiPolygon', coordinates: [[square], [hole]] })).toEqual([]);
  });

  it('refuses what is not a polygonal geometry', () => {
    expect(polygonalProblems(null)[0]).toMatch(/Polygon or MultiPolygon/);
    expect(polygonalProblems({ type: 'Point', coordinates: [13, 55.6] })[0]).toMatch(/not "Point"/);
    expect(polygonalProblems({ type: 'Polygon', coordinates: [] })[0]).toMatch(/non-empty/);
    expect(polygonalProblems({ type: 'Polygon', coordinates: 'x' })[0]).toMatch(/non-empty/);
    expect(polygonalProblems(poly('ring'))[0]).toMatch(/ring 1 must be an array of positions/);
  });

  it('refuses non-numeric, infinite and malformed positions, naming the position', () => {
    expect(polygonalProblems(poly([['13', 55.6], ...square.slice(1)]))[0]).toMatch(/ring 1, position 1 must hold finite numbers/);
    // JSON.parse turns 1e999 into Infinity: the same path a request body takes.
    const infinite = JSON.parse('{"type":"Polygon","coordinates":[[[1e999,55.6],[13.1,55.6],[13.1,55.65],[13.0,55.65],[1e999,55.6]]]}');
    expect(polygonalProblems(infinite)[0]).toMatch(/finite numbers/);
    expect(polygonalProblems(poly([[13, null], ...square.slice(1)]))[0]).toMatch(/finite numbers/);
    expect(polygonalProblems(poly([[13], ...square.slice(1)]))[0]).toMatch(/must be \[lon, lat\]/);
    expect(polygonalProblems(poly([[13, 55.6, 0, 1], ...square.slice(1)]))[0]).toMatch(/must be \[lon, lat\]/);
  });

  it('refuses unclosed and too-short rings and rings enclosing nothing', () => {
    expect(polygonalProblems(poly(square.slice(0, 4)))[0]).toMatch(/ring 1 is not closed/);
    expect(polygonalProblems(poly([square[0], square[1], square[0]]))[0]).toMatch(/3 positions; a ring needs at least 4/);
    expect(polygonalProblems(poly([square[0], square[1], square[2], square[1], square[0]]))[0]).toMatch(/encloses no area/);
  });

  it('refuses out-of-range coordinates and areas outside Sweden, including the whole world', () => {
    expect(polygonalProblems(poly([[200, 55.6], ...square.slice(1, 4), [200, 55.6]]))[0]).toMatch(/out of range/);
    expect(polygonalProblems(poly([[13, 95], ...square.slice(1, 4), [13, 95]]))[0]).toMatch(/out of range/);
    const world = poly([
      [-180, -90],
      [180, -90],
      [180, 90],
      [-180, 90],
      [-180, -90],
    ]);
    expect(polygonalProblems(world)[0]).toMatch(/outside Sweden's bounding box/);
    const copenhagenToBerlin = poly([
      [12.5, 52.5],
      [13.4, 52.5],
      [13.4, 55.7],
      [12.5, 55.7],
      [12.5, 52.5],
    ]);
    expect(polygonalProblems(copenhagenToBerlin)[0]).toMatch(/outside Sweden/);
  });

  it('refuses a ring crossing itself (bow tie) and a hole crossing its outer ring', () => {
    const bowTie = [
      [13.0, 55.6],
      [13.1, 55.65],
      [13.1, 55.6],
      [13.0, 55.68],
      [13.0, 55.6],
    ];
    expect(polygonalProblems(poly(bowTie))[0]).toMatch(/ring 1 intersects itself/);
    const stickingOut = [
      [13.05, 55.62],
      [13.2, 55.62],
      [13.2, 55.63],
      [13.05, 55.63],
      [13.05, 55.62],
    ];
    expect(polygonalProblems(poly(square, stickingOut))[0]).toMatch(/rings 1 and 2 cross each other/);
  });

  it('refuses more positions than the limit, and adversarial edge tangles, quickly', () => {
    const many = Array.from({ length: PICTURE_AREA_LIMITS.maxVertices + 1 }, (_, i) => [13 + (i % 100) / 1000, 55.6 + i / 1e6]);
    expect(polygonalProblems(poly(many))[0]).toMatch(/more than 20000 positions/);
    // A comb of long horizontal edges: every edge overlaps every other in longitude.
    const comb: number[][] = [];
    for (let i = 0; i < 9_000; i++) comb.push([i % 2 === 0 ? 12 : 14, 56 + i * 1e-4]);
    comb.push([11.5, 57], [11.5, 56], comb[0]);
    const t0 = Date.now();
    const problems = polygonalProblems(poly(comb));
    expect(problems).toEqual(['the area has too many long, overlapping edges to check; simplify it.']);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('accepts every shipped boundary (kommuner, län, the country as undissolved län, districts, DeSO)', () => {
    const dir = join(import.meta.dirname, '../../assets/geo');
    let checked = 0;
    for (const f of ['kommuner_scb', 'lan_scb', 'malmo_delomraden', 'stockholm_stadsdelar', 'deso2018_dalarna', 'goteborg_basomraden_2021', 'stockholm_basomraden_2016']) {
      const fc = JSON.parse(readFileSync(join(dir, `${f}.geojson`), 'utf8')) as { features: Array<{ geometry: { type: string; coordinates: unknown[] } }> };
      for (const ft of fc.features) {
        expect(polygonalProblems(ft.geometry), f).toEqual([]);
        checked++;
      }
      if (f === 'lan_scb') {
        const country = fc.features.flatMap((ft) => (ft.geometry.type === 'Polygon' ? [ft.geometry.coordinates] : ft.geometry.coordinates));
        expect(polygonalProblems({ type: 'MultiPolygon', coordinates: country })).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(2_000);
  });
});
