/** The shipped municipality and county names (`assets/geo/swedish_admin_areas.csv`) the police feed names places by. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';
import { adminAreaLookup } from './polisenFeed.ts';

let lookup: Map<string, string> | undefined;

/** Lower-cased name → SCB code, read once; empty when the file is missing (events then carry no area code). */
export function shippedAreaLookup(): Map<string, string> {
  if (!lookup) {
    try {
      lookup = adminAreaLookup(readFileSync(join(repoRoot, 'assets/geo/swedish_admin_areas.csv'), 'utf8'));
    } catch {
      lookup = new Map();
    }
  }
  return lookup;
}
