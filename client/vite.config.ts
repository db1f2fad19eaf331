import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const clientDir = dirname(fileURLToPath(import.meta.url));
const geoDir = join(clientDir, '..', 'assets', 'geo');

/**
 * The offline base map: GeoJSON from `assets/geo` (sources and licences in its README), served at
 * `/basemap/<name>.geojson` by the dev server and emitted into `client/dist/basemap/` by the build, so no
 * map request ever leaves the machine and the data is not duplicated in the repository.
 */
export const BASEMAP_FILES = [
  'lan_scb.geojson',
  'kommuner_scb.geojson',
  'malmo_delomraden.geojson',
  'stockholm_stadsdelar.geojson',
  'goteborg_basomraden_2021.geojson',
  'uso_2025_wgs84.geojson',
] as const;

function basemap(): Plugin {
  return {
    name: 'lagesbild-basemap',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/basemap\/([a-z0-9_]+\.geojson)$/.exec((req.url ?? '').split('?')[0]);
        if (!m || !(BASEMAP_FILES as readonly string[]).includes(m[1])) return next();
        res.setHeader('Content-Type', 'application/geo+json');
        res.end(readFileSync(join(geoDir, m[1])));
      });
    },
    generateBundle() {
      for (const f of BASEMAP_FILES) {
        this.emitFile({ type: 'asset', fileName: `basemap/${f}`, source: readFileSync(join(geoDir, f)) });
      }
    },
  };
}

/** The dev server answers /offentlig[/:code] with the public page, as the real server does. */
function publicPage(): Plugin {
  return {
    name: 'lagesbild-public-page',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (/^\/offentlig(\/[^/?]*)?\/?(\?.*)?$/.test(req.url ?? '')) req.url = '/offentlig.html';
        next();
      });
    },
  };
}

const api = 'http://localhost:8080';

export default defineConfig({
  root: clientDir,
  base: '/',
  plugins: [react(), basemap(), publicPage()],
  // shared/src/csv.ts reads CSV with csv-parse; its Node entry uses Buffer at load, which browsers lack.
  resolve: { alias: [{ find: /^csv-parse\/sync$/, replacement: 'csv-parse/browser/esm/sync' }] },
  build: {
    outDir: join(clientDir, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // Two pages: the signed-in app, and the light public view (/offentlig) that loads none of the app.
    rollupOptions: { input: { main: join(clientDir, 'index.html'), offentlig: join(clientDir, 'offentlig.html') } },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/socket.io': { target: api, ws: true, changeOrigin: true },
      '/yjs': { target: api, ws: true, changeOrigin: true },
    },
  },
});
