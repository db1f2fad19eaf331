/** The shipped data files of `assets/geo` (see its README) and the scheme name of the utsatta områden. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';

export const GEO_DIR = join(repoRoot, 'assets', 'geo');
export const USO_SCHEME = 'utsatta-omraden';

export const readGeoAsset = (file: string): string => readFileSync(join(GEO_DIR, file), 'utf8');
