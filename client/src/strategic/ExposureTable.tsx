/** Crime exposure of the selected area: confirmed shootings, explosions and all incidents per year and per 10 000 residents. */
import { useEffect, useState } from 'react';
import { useApp } from '../AppContext.tsx';
import { formatNumber } from '../i18n/format.ts';

interface ExposureItem {
  period: string;
  type: string;
  count: number | null;
  rate: number | null;
  suppressed: boolean;
}

interface Exposure {
  per: number;
  note?: string;
  items: ExposureItem[];
}

const SHOWN = ['shooting', 'explosion', 'all'] as const;
const TYPE_KEYS = { shooting: 'strategic.exposure.shooting', explosion: 'strategic.exposure.explosion', all: 'strategic.exposure.all' } as const;

export function ExposureTable({ code }: { code: string }) {
  const { api, t, locale } = useApp();
  const [data, setData] = useState<Exposure | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setData(null);
    setFailed(false);
    api
      .get<Exposure>(`/api/areas/${encodeURIComponent(code)}/exposure?period=year`)
      .then(setData)
      .catch(() => setFailed(true));
  }, [api, code]);
  if (failed) return null;
  if (!data) return <p className="muted small">{t('common.loading')}</p>;
  const periods = [...new Set(data.items.map((i) => i.period))].sort();
  const cell = (period: string, type: string) => {
    const it = data.items.find((i) => i.period === period && i.type === type);
    if (!it) return '–';
    if (it.suppressed || it.count == null) return t('strategic.exposure.suppressed');
    return t('strategic.exposure.cell', { count: formatNumber(it.count, locale, 0), rate: formatNumber(it.rate, locale, 2) });
  };
  // The server's note is "Swedish / English".
  const [noteSv, noteEn] = (data.note ?? '').split(' / ');
  return (
    <section data-testid="exposure">
      <table className="data-table">
        <caption>{t('strategic.exposure')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('strategic.axis.year')}</th>
            {SHOWN.map((ty) => (
              <th key={ty} scope="col">
                {t(TYPE_KEYS[ty])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p}>
              <th scope="row">{p}</th>
              {SHOWN.map((ty) => (
                <td key={ty}>{cell(p, ty)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {t('strategic.exposure.per', { per: formatNumber(data.per, locale, 0) })} {(locale === 'en' ? noteEn : noteSv) ?? ''}
      </p>
    </section>
  );
}
