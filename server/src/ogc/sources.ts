/**
 * What the OGC API reads, as two interfaces the composition root builds: anonymous callers reach only the public
 * read path (PublicReader's layers, classification `public` in the owner's query); signed-in callers reach the
 * layers the pictures capability's rights let them read. This folder imports no capability.
 */
import type { Principal } from '../../../shared/src/access.ts';
import type { OgcFeature } from './items.ts';

export interface OgcLayer {
  id: string;
  title: string;
  description: string;
  features: OgcFeature[];
}

/** The public layers (anonymous callers). */
export interface AnonymousLayers {
  layers(): Promise<OgcLayer[]>;
}

/** Who is asking, as the auth capability resolved the Bearer token. */
export interface OgcViewer extends Principal {
  id: string;
  username: string;
  isPolice: boolean;
}

/** The layers a signed-in caller may read (same rules as every other channel). */
export interface SignedInLayers {
  layers(viewer: OgcViewer): Promise<OgcLayer[]>;
  layer(viewer: OgcViewer, layerId: string): Promise<OgcLayer | null>;
}
