import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { designatedUnits, parseUsoGeoJson, parseUsoOverlap } from './classifications.ts';
import { adminAreaLookup } from '../incidents/polisenFeed.ts';

const GEO = join(dirname(fileURLToPath(import.meta.url)), '../../../assets/geo');
const read = (f: string) => readFileSync(join(GEO, f), 'utf8');

describe('utsatta områden (shipped, December 2025)', () => {
  it('reads 65 areas: 46 utsatta and 19 särskilt utsatta, with police area and start date', () => {
    const uso = parseUsoGeoJson(read('uso_2025_wgs84.geojson'), { kommunByName: adminAreaLookup(read('swedish_admin_areas.csv')) });
    expect(uso).toHaveLength(65);
    expect(uso.filter((u) => u.category === 'sarskilt_utsatt')).toHaveLength(19);
    expect(new Set(uso.map((u) => u.id)).size).toBe(65);
    const seved = uso.find((u) => u.name === 'Södra Sofielund / Seved')!;
    expect(seved).toMatchObject({ category: 'utsatt', town: 'Malmö', kommunCode: '1280', validFrom: '2023-12-01', version: '2025-12', policeRegion: 'Syd' });
    expect(seved.bbox[0]).toBeGreaterThan(12.9);
  });

  it('reads the overlap table and picks designated units per level', () => {
    const rows = parseUsoOverlap(read('uso_2025_overlap_deso_regso_kommun.csv'));
    expect(rows).toHaveLength(585);
    expect(rows.filter((r) => r.level === 'kommun')).toHaveLength(29);
    const kommuner = designatedUnits(rows, 'kommun', 0);
    expect(kommuner.size).toBe(29);
    expect(kommuner.get('0127')).toBe('sarskilt');
    const deso = designatedUnits(rows, 'deso');
    expect(deso.has('0126C1030_DeSO2025')).toBe(true);
    expect(deso.has('0123C1290_DeSO2025')).toBe(false); // 25 % covered
  });
});
