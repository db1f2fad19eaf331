/**
 * MapLibre with its worker served from our own bundle: the library derives the worker's URL from its own
 * module URL, which bundling breaks, so the worker file is emitted as an asset and set explicitly.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(new URL(workerUrl, window.location.href).href);

export { maplibregl };
