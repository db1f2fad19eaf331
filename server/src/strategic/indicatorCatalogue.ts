/** The indicators known to the map: their metadata, the years with values, and the effective default index. */
import { DEMO_SOURCE, isSyntheticIndicator, resolveDefaultIndicators } from './demoIndicators.ts';
import { defaultIndexIndicators } from './indicators.ts';
import type { StrategicService } from './service.ts';
import type { IndicatorMetaData, IndicatorRecord, StrategicStore } from './store.ts';

export class IndicatorCatalogue {
  constructor(
    private readonly store: StrategicStore,
    private readonly service: StrategicService,
  ) {}

  async list() {
    const rows = await this.store.indicators();
    const years = new Map<string, number[]>();
    for (const g of await this.store.indicatorYears()) years.set(g.indicatorId, [...(years.get(g.indicatorId) ?? []), g.year]);
    // The effective default: real ids where values exist, else their synthetic demo_ stand-ins.
    const effective = resolveDefaultIndicators(new Set(years.keys()));
    const defaults = new Map(effective.map((d) => [d.indicator, d.weight]));
    return {
      items: rows.map((r) => ({
        id: r.id,
        nameSv: r.nameSv,
        nameEn: r.nameEn,
        unit: r.unit,
        source: r.source,
        direction: r.direction,
        synthetic: isSyntheticIndicator(r.id, r.source),
        defaultWeight: defaults.get(r.id) ?? 0,
        years: (years.get(r.id) ?? []).sort((a, b) => a - b),
      })),
      defaultIndex: effective,
      documentedDefaultIndex: defaultIndexIndicators(),
      syntheticNote: DEMO_SOURCE,
    };
  }

  async update(id: string, data: IndicatorMetaData): Promise<IndicatorRecord> {
    const r = await this.store.upsertIndicator(id, data);
    this.service.changed();
    return r;
  }
}
