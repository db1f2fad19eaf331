/**
 * The one thing the public capability may read: public content, through methods of the owners (pictures,
 * measures, incidents) that take no viewer and filter by classification `public` in their own queries. The
 * composition root builds it from those methods; this folder imports no capability (architecture.test.ts).
 * The shapes are declared here so that nothing else of the owners' types is reachable from the public side.
 */

export interface PublicGeometry {
  type: string;
  coordinates: unknown;
}

export interface PublicFeature {
  type: 'Feature';
  id: string;
  geometry: PublicGeometry;
  properties: { title: string; description: string; category: string; symbol: string; validUntil: string | null; updatedAt: string };
}

export interface PublicLayer {
  id: string;
  name: string;
  pictureId: string;
  pictureTitle: string;
  updatedAt: string;
  features: { type: 'FeatureCollection'; features: PublicFeature[] };
}

export interface PublicPictureSummary {
  id: string;
  title: string;
  area: unknown;
  areaCode: string | null;
  updatedAt: string;
}

export interface PublicMeasure {
  id: string;
  title: string;
  kind: string;
  status: string;
  startsAt: string;
  endsAt: string | null;
  publicText: string | null;
  target: PublicGeometry;
  progress: { delivered: number; planned: { amount: number; unit: string; per: string } | null };
  updatedAt: string;
}

export interface PublicMonthlyCounts {
  cells: Array<{ month: string; type: string; count: number }>;
  lastUpdated: Date | null;
}

export interface PublicReader {
  pictures(municipality?: string): Promise<PublicPictureSummary[]>;
  picture(id: string): Promise<{ summary: PublicPictureSummary; layers: PublicLayer[] } | null>;
  /** Every public layer (anonymous OGC readers). */
  layers(): Promise<PublicLayer[]>;
  measures(municipality: string): Promise<PublicMeasure[]>;
  monthlyCounts(q: { municipality: string; from: Date; to: Date }): Promise<PublicMonthlyCounts>;
}
