/** The indicator catalogue on the client: names in the current language, and which indicators are made up. */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/http.ts';
import type { Locale } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/sv.ts';
import { type IndicatorChoice, KNOWN_INDICATORS } from './indexModel.ts';

/** An indicator of the server's catalogue (`GET /api/indicators`), when the server offers it. */
export interface CatalogueItem {
  id: string;
  nameSv?: string;
  nameEn?: string;
  unit?: string;
  source?: string;
  direction: 'higher_is_worse' | 'higher_is_better';
  defaultWeight?: number;
}

/** Demo indicators are generated, not statistics: their ids start with demo_ and their source says so. */
export function isSynthetic(id: string, source?: string): boolean {
  return id.startsWith('demo_') || /SYNTET/i.test(source ?? '');
}

function indicatorKey(id: string): MessageKey | null {
  const bare = id.startsWith('demo_') ? id.slice(5) : id;
  return (KNOWN_INDICATORS as readonly string[]).includes(bare) ? (`indicator.${bare}` as MessageKey) : null;
}

export type IndicatorLabel = (id: string) => string;

/** The catalogue's name in the current language, else ours, else the id; made-up indicators say so. */
export function indicatorLabeller(catalogue: readonly CatalogueItem[], locale: Locale, t: (key: MessageKey) => string): IndicatorLabel {
  return (id) => {
    const c = catalogue.find((x) => x.id === id);
    const name = c ? ((locale === 'en' ? c.nameEn : c.nameSv) ?? c.nameSv ?? c.nameEn) : undefined;
    const k = indicatorKey(id);
    const base = name ?? (k ? t(k) : id);
    return isSynthetic(id, c?.source) && !/syntet/i.test(base) ? `${base} (${t('strategic.synthetic')})` : base;
  };
}

/** Loads the catalogue once; `onDefaults` receives its default weights (the server's, not ours). */
export function useIndicatorCatalogue(api: ApiClient, onDefaults: (weights: IndicatorChoice[]) => void): CatalogueItem[] {
  const [catalogue, setCatalogue] = useState<CatalogueItem[]>([]);
  useEffect(() => {
    api
      .get<{ items: CatalogueItem[] } | CatalogueItem[]>('/api/indicators')
      .then((r) => {
        const items = Array.isArray(r) ? r : (r?.items ?? []);
        if (items.length === 0) return;
        setCatalogue(items);
        onDefaults(items.filter((i) => i.direction).map((i) => ({ indicator: i.id, weight: i.defaultWeight ?? 0, direction: i.direction })));
      })
      .catch(() => {});
  }, [api, onDefaults]);
  return catalogue;
}
