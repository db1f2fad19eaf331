/**
 * Simplifies a GeoJSON FeatureCollection for shipping: coordinates rounded to `--decimals` (default 5,
 * ≈ 1 m) and Douglas–Peucker per ring at `--tolerance` degrees (default 0.00005° ≈ 5.6 m north–south,
 * ≈ 2.8 m east–west at 60° N). Rings are simplified independently (no shared-edge topology).
 *
 *   npx tsx assets/geo/tools/simplify-geojson.ts <in.geojson> <out.geojson> [--tolerance 0.00005] [--decimals 5]
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { simplifyFeatureCollection } from '../../../server/src/strategic/simplify.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number ≥ 0`);
  args.splice(i, 2);
  return v;
};
const tolerance = opt('tolerance', 0.00005);
const decimals = opt('decimals', 5);
const [input, output] = args;
if (!input || !output) {
  console.error('usage: npx tsx assets/geo/tools/simplify-geojson.ts <in.geojson> <out.geojson> [--tolerance 0.00005] [--decimals 5]');
  process.exit(2);
}
const fc = JSON.parse(readFileSync(input, 'utf8'));
if (fc?.type !== 'FeatureCollection') {
  console.error(`${input} is not a GeoJSON FeatureCollection`);
  process.exit(1);
}
writeFileSync(output, JSON.stringify(simplifyFeatureCollection(fc, tolerance, decimals)));
console.warn(`${input} (${statSync(input).size} B) → ${output} (${statSync(output).size} B), tolerance ${tolerance}°, ${decimals} decimals`);
