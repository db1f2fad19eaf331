// Precompression of a static build: file.br and file.gz beside each compressible file, so the server sends
// bytes as they are and spends no CPU per request on compression (server/src/webapp/feature.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.geojson', '.svg', '.txt', '.map', '.wasm', '.xml']);

/** Writes file.br and file.gz beside each compressible file when they are smaller than it. */
export function precompress(dir) {
  let raw = 0;
  let br = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !COMPRESSIBLE.has(extname(e.name))) continue;
    const file = join(e.parentPath, e.name);
    const data = readFileSync(file);
    if (data.length < 1024) continue;
    const b = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    const g = gzipSync(data, { level: 9 });
    if (b.length < data.length) writeFileSync(`${file}.br`, b);
    if (g.length < data.length) writeFileSync(`${file}.gz`, g);
    raw += data.length;
    br += Math.min(b.length, data.length);
  }
  return { raw, br };
}

