/** The public endpoints the page reads (api-contract.md "Public view"); nothing else is fetched. */

export interface Municipality {
  code: string;
  name: string;
  hasContent: boolean;
}

export interface Geometry {
  type: string;
  coordinates: unknown;
}

export interface PublicFeature {
  type: 'Feature';
  id: string;
  geometry: Geometry;
  properties: { title: string; description: string; category: string; symbol: string; validUntil: string | null; updatedAt: string };
}

export interface PublicPicture {
  id: string;
  title: string;
  area: Geometry | null;
  layers: Array<{ id: string; name: string; updatedAt: string; features: { type: 'FeatureCollection'; features: PublicFeature[] } }>;
  lastUpdated: string | null;
  source: string;
}

export interface PublicMeasure {
  id: string;
  title: string;
  kind: string;
  status: string;
  startsAt: string;
  endsAt: string | null;
  publicText: string | null;
  target: Geometry;
  progress: { delivered: number; planned: { amount: number; unit: string; per: string } | null };
  updatedAt: string;
}

export interface Statistics {
  items: Array<{ month: string; type: string; count: number | null; suppressed: boolean }>;
  from: string;
  to: string;
  lastUpdated: string | null;
  source: string;
}

export interface MunicipalityView {
  municipality: { code: string; name: string; boundary: Geometry | null; source: string };
  pictures: PublicPicture[];
  measures: { items: PublicMeasure[]; lastUpdated: string | null; source: string };
  statistics: Statistics;
}

export class NotFound extends Error {}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (res.status === 404) throw new NotFound(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

export const loadMunicipalities = () => getJson<{ items: Municipality[] }>('/api/public/municipalities').then((r) => r.items);

/** Everything the page shows for one municipality, fetched in parallel. */
export async function loadMunicipality(code: string): Promise<MunicipalityView> {
  const [municipality, list, measures, statistics] = await Promise.all([
    getJson<MunicipalityView['municipality']>(`/api/public/municipalities/${code}`),
    getJson<{ items: Array<{ id: string }> }>(`/api/public/pictures?municipality=${code}`),
    getJson<MunicipalityView['measures']>(`/api/public/measures?municipality=${code}`),
    getJson<Statistics>(`/api/public/statistics?municipality=${code}`),
  ]);
  const pictures = await Promise.all(list.items.map((p) => getJson<PublicPicture>(`/api/public/pictures/${encodeURIComponent(p.id)}`)));
  return { municipality, pictures, measures, statistics };
}
