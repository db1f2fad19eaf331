import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so relative paths (DATABASE_URL, assets, client/dist) never depend on the cwd. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
