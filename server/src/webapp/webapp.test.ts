import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../../scripts/precompress.mjs';
import { clientBuildProblem, serveClientBuild } from './feature.ts';

/** Raw bytes and headers, without the decompression fetch would do. */
function get(base: string, path: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the client build, served precompressed with cache lifetimes by name', () => {
  let dir: string;
  let app: FastifyInstance;
  let base: string;
  const files = {
    'index.html': `<!doctype html><html><head><title>Lägesbild</title></head><body>${'<p>lägesbild</p>'.repeat(200)}</body></html>`,
    'assets/index-Ab12Cd34.js': `export const layers = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, name: `lager ${i}` })))};`,
    'basemap/lan_scb.geojson': JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 100 }, (_, i) => ({ type: 'Feature', properties: { n: i }, geometry: null })) }),
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lagesbild-webapp-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    precompress(dir);
    app = Fastify();
    await serveClientBuild(app, dir);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a hashed asset as brotli to a browser that accepts it, cached for a year as immutable', async () => {
    const res = await get(base, '/assets/index-Ab12Cd34.js', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body.length).toBeLessThan(files['assets/index-Ab12Cd34.js'].length / 2);
    expect(brotliDecompressSync(res.body).toString()).toBe(readFileSync(join(dir, 'assets/index-Ab12Cd34.js'), 'utf8'));
  });

  it('sends gzip to a client that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gz = await get(base, '/assets/index-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(files['assets/index-Ab12Cd34.js']);
    const plain = await get(base, '/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.toString()).toBe(files['assets/index-Ab12Cd34.js']);
  });

  it('makes browsers revalidate index.html and unhashed files, compressed all the same', async () => {
    const index = await get(base, '/', 'br');
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(brotliDecompressSync(index.body).toString()).toBe(files['index.html']);
    const map = await get(base, '/basemap/lan_scb.geojson', 'gzip, br');
    expect(map.headers['cache-control']).toBe('no-cache');
    expect(JSON.parse(brotliDecompressSync(map.body).toString())).toEqual(JSON.parse(files['basemap/lan_scb.geojson']));
  });

  it('answers a file the build does not have with 404', async () => {
    expect((await get(base, '/assets/index-Zz99Zz99.js', 'br')).status).toBe(404);
  });
});

describe('serve without a client build', () => {
  it('says how to build when the web client is to be served', () => {
    const empty = mkdtempSync(join(tmpdir(), 'lagesbild-nobuild-'));
    try {
      expect(clientBuildProblem(true, empty)).toMatch(/npm run build.*SERVE_CLIENT=false/);
      expect(clientBuildProblem(false, empty)).toBeNull();
      writeFileSync(join(empty, 'index.html'), '<!doctype html>');
      expect(clientBuildProblem(true, empty)).toBeNull();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
