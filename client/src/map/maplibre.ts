/**
 * MapLibre with its worker served from our own bundle: the library derives the worker's URL from its own
 * module URL, which bundling breaks, so the worker file is emitted as an asset and set explicitly.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// Outside a browser (unit tests that import a view for its pure helpers) there is no page to resolve against.
if (typeof window !== 'undefined') maplibregl.setWorkerUrl(new URL(workerUrl, window.location.href).href);

export { maplibregl };
