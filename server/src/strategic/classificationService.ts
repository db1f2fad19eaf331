/**
 * Official classifications shown beside (never merged into) the indicators: the police's utsatta områden
 * (stored per edition), which areas of a level count as designated, and the shipped DeSO/RegSO overlap table.
 */
import type { CacheGroup, TtlCache } from './cache.ts';
import type { Viewer } from './access.ts';
import { designatedUnits, parseUsoOverlap, USO_ATTRIBUTION, USO_VERSION, type UsoOverlapRow } from './classifications.ts';
import { interiorPoint, pointInArea } from './pointInArea.ts';
import type { AreaGeometry } from './projection.ts';
import { readGeoAsset, USO_SCHEME } from './geoAssets.ts';
import type { StrategicService } from './service.ts';
import type { AreaMeta, StrategicStore } from './store.ts';
import type { AreaLevel } from './vintage.ts';

export type Designation = 'utsatt' | 'sarskilt_utsatt';

export interface UsoRecord {
  id: string;
  version: string;
  name: string;
  category: Designation;
  lpo: string | null;
  kommunCode: string | null;
  geometry: AreaGeometry;
  point: [number, number];
}

export const CATEGORY_LABEL: Readonly<Record<Designation, { sv: string; en: string }>> = {
  utsatt: { sv: 'Utsatt område', en: 'Vulnerable area' },
  sarskilt_utsatt: { sv: 'Särskilt utsatt område', en: 'Particularly vulnerable area' },
};

export class Classifications {
  private readonly usoCache: TtlCache<UsoRecord[]>;
  private readonly designatedCache: TtlCache<Map<string, Designation>>;
  private overlapRows: UsoOverlapRow[] | null = null;

  constructor(
    private readonly store: StrategicStore,
    private readonly areas: Pick<StrategicService, 'areas' | 'areasAt' | 'geometries'>,
    caches: CacheGroup,
    private readonly readText: (file: string) => string = readGeoAsset,
  ) {
    this.usoCache = caches.cache<UsoRecord[]>();
    this.designatedCache = caches.cache<Map<string, Designation>>();
  }

  uso(): Promise<UsoRecord[]> {
    return this.usoCache.get('', async () => {
      const rows = await this.store.classifications(USO_SCHEME);
      return rows.map((r) => {
        const geometry = JSON.parse(r.geometryWgs) as AreaGeometry;
        return {
          id: r.id,
          version: r.version,
          name: r.name,
          category: (r.category === 'sarskilt_utsatt' ? 'sarskilt_utsatt' : 'utsatt') as Designation,
          lpo: r.lpo,
          kommunCode: r.kommunCode,
          geometry,
          point: interiorPoint(geometry),
        };
      });
    });
  }

  /** The latest edition only (e.g. 2025-12), unless `version` is given. */
  async usoEdition(version?: string): Promise<UsoRecord[]> {
    const all = await this.uso();
    const v = version ?? [...new Set(all.map((u) => u.version))].sort().pop() ?? USO_VERSION;
    return all.filter((u) => u.version === v);
  }

  overlap(): UsoOverlapRow[] {
    this.overlapRows ??= parseUsoOverlap(this.readText('uso_2025_overlap_deso_regso_kommun.csv'));
    return this.overlapRows;
  }

  /** Areas of a level counted as designated (contain, or lie mostly in, an utsatt område). */
  async designated(level: AreaLevel, vintage: string | null): Promise<Map<string, Designation>> {
    return this.designatedCache.get(`${level}|${vintage}`, async () => {
      const out = new Map<string, Designation>();
      const put = (code: string, d: Designation) => {
        if (out.get(code) !== 'sarskilt_utsatt') out.set(code, d);
      };
      const uso = await this.usoEdition();
      if (level === 'kommun') for (const u of uso) if (u.kommunCode) put(u.kommunCode, u.category);
      if (level === 'lan') for (const u of uso) if (u.kommunCode) put(u.kommunCode.slice(0, 2), u.category);
      if (level === 'deso' || level === 'regso') {
        const codes = new Set((await this.areas.areasAt(level, vintage)).map((a) => a.code));
        for (const [code, cls] of designatedUnits(this.overlap(), level, 50)) if (codes.has(code)) put(code, cls === 'sarskilt' ? 'sarskilt_utsatt' : 'utsatt');
      }
      if (level === 'district') {
        const areas = await this.areas.areasAt(level, vintage);
        const geoms = await this.areas.geometries(level, vintage);
        for (const u of uso) {
          const [x, y] = u.point;
          for (const a of areas) {
            if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3]) continue;
            const g = geoms.get(a.code);
            if (g && pointInArea(x, y, g)) put(a.code, u.category);
          }
        }
      }
      return out;
    });
  }

  /** Official classifications touching an area, shown beside (never merged into) its indicators. */
  async classificationsFor(area: AreaMeta, geometryWgs: AreaGeometry | null): Promise<Record<string, unknown>[]> {
    const uso = await this.usoEdition();
    const hits = uso.filter((u) => {
      if (area.level === 'country') return true;
      if (area.level === 'lan') return u.kommunCode?.slice(0, 2) === area.code;
      if (area.level === 'kommun') return u.kommunCode === area.code;
      const [x, y] = u.point;
      return geometryWgs !== null && x >= area.bbox[0] && x <= area.bbox[2] && y >= area.bbox[1] && y <= area.bbox[3] && pointInArea(x, y, geometryWgs);
    });
    const out: Record<string, unknown>[] = hits.map((u) => ({
      scheme: USO_SCHEME,
      version: u.version,
      id: u.id,
      name: u.name,
      category: u.category,
      categoryLabel: CATEGORY_LABEL[u.category].sv,
      lpo: u.lpo,
      kommunCode: u.kommunCode,
      relation: area.level === 'country' || area.level === 'lan' || area.level === 'kommun' ? 'within' : 'centre_within',
      attribution: USO_ATTRIBUTION,
    }));
    for (const r of this.overlap()) {
      if (r.code !== area.code) continue;
      out.push({
        scheme: `${USO_SCHEME}-overlap`,
        version: USO_VERSION,
        category: r.class === 'sarskilt' ? 'sarskilt_utsatt' : 'utsatt',
        sharePct: r.sharePct,
        utsattPct: r.utsattPct,
        sarskiltPct: r.sarskiltPct,
        attribution: 'Källa: Polismyndigheten, SCB',
      });
    }
    return out;
  }

  /** One edition of the utsatta områden as their own map layer: all of them for police, those in its kommun for a partner. */
  async layer(viewer: Viewer, version: string | undefined) {
    const list = await this.usoEdition(version);
    const idx = await this.areas.areas();
    const features = list
      .filter((u) => viewer.audience === 'police' || (viewer.kommun !== null && u.kommunCode === viewer.kommun))
      .map((u) => ({
        type: 'Feature',
        id: u.id,
        geometry: u.geometry,
        properties: {
          id: u.id,
          name: u.name,
          category: u.category,
          categoryLabel: CATEGORY_LABEL[u.category].sv,
          categoryLabelEn: CATEGORY_LABEL[u.category].en,
          lpo: u.lpo,
          kommunCode: u.kommunCode,
          kommun: u.kommunCode ? (idx.byCode.get(u.kommunCode)?.name ?? null) : null,
          version: u.version,
        },
      }));
    return {
      type: 'FeatureCollection',
      scheme: 'utsatta-omraden',
      version: list[0]?.version ?? version ?? null,
      attribution: USO_ATTRIBUTION,
      note: 'Polisens klassning visas bredvid indikatorerna och ingår aldrig i indexet. / The police classification is shown beside the indicators and is never part of the index.',
      features,
    };
  }
}
