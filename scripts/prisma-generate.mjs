// Renders prisma/schema.prisma once per provider and generates a Prisma client for each, so SQLite and
// PostgreSQL run from the same models. Runs on `npm install` (postinstall) and `npx lagesbild migrate --diff`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const template = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');
const prismaBin = join(root, 'node_modules/.bin/prisma');

for (const [name, provider] of [['sqlite', 'sqlite'], ['postgres', 'postgresql']]) {
  const dir = join(root, 'prisma/generated', name);
  mkdirSync(dir, { recursive: true });
  const rendered = template
    .replace('output              = "../server/generated/PROVIDER"', `output              = "../../../server/generated/${name}"`)
    .replace('provider = "PROVIDER"', `provider = "${provider}"`)
    .replace('PLACEHOLDER_URL', provider === 'sqlite' ? 'file:./unused.db' : 'postgresql://localhost/unused');
  writeFileSync(join(dir, 'schema.prisma'), rendered);
  execFileSync(prismaBin, ['generate', '--schema', join(dir, 'schema.prisma')], { cwd: root, stdio: 'inherit', env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' } });
}
