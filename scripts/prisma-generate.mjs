// Renders prisma/schema.prisma once per provider and generates a Prisma client for each, so SQLite and
// PostgreSQL run from the same models. Runs on `npm install` (postinstall) and `npx lagesbild migrate --diff`.
// Each generated client is then made to compile Prisma's query compiler from the .wasm file the `prisma` package
// ships, instead of importing @prisma/client's base64 module: that module's source text and its 2.5 MB string
// constant would stay in the heap for the life of the process (5 MB of a ≈ 45 MB idle heap).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  await compileWasmFromFile(join(root, 'server/generated', name, 'internal/class.ts'), provider);
}

async function compileWasmFromFile(classFile, provider) {
  const base64Module = `@prisma/client/runtime/query_compiler_bg.${provider}.wasm-base64.mjs`;
  const wasmFile = `build/query_compiler_bg.${provider}.wasm`;
  const require = createRequire(join(root, 'package.json'));
  // The file must be the very module the runtime would decode (the same Prisma version): checked here, once.
  const { wasm } = await import(require.resolve(base64Module));
  const shipped = readFileSync(join(dirname(require.resolve('prisma/package.json')), wasmFile));
  if (!shipped.equals(Buffer.from(wasm, 'base64'))) {
    throw new Error(`prisma/${wasmFile} differs from ${base64Module}: install the same version of prisma and @prisma/client`);
  }
  const source = readFileSync(classFile, 'utf8');
  const loader = `  getQueryCompilerWasmModule: async () => {
    const { readFile } = await import('node:fs/promises')
    const { createRequire } = await import('node:module')
    const { dirname, join } = await import('node:path')
    // Compiled from the file, not from ${base64Module}, so no base64 copy of it stays in the heap
    // (scripts/prisma-generate.mjs checked that both hold the same bytes).
    let prismaDir: string
    try {
      prismaDir = dirname(createRequire(import.meta.url).resolve('prisma/package.json'))
    } catch (err) {
      throw new Error('Prisma query compiler: the prisma package is not installed (it is a runtime dependency: it ships ${wasmFile})', { cause: err })
    }
    return new WebAssembly.Module(await readFile(join(prismaDir, '${wasmFile}')))
  }`;
  const pattern = /async function decodeBase64AsWasm\([\s\S]*?\n}\n\n([\s\S]*?)  getQueryCompilerWasmModule: async \(\) => \{\n[\s\S]*?\n  }/;
  if (!pattern.test(source)) throw new Error(`${classFile}: Prisma's query compiler loader has a new shape; update compileWasmFromFile`);
  writeFileSync(classFile, source.replace(pattern, (_, between) => `${between}${loader}`));
}
