/**
 * `npx lagesbild knox --events events.csv --sds 0,1,100,200,300 --tds 0,7,14,21 [--method manhattan|euclidean]
 *  [--permutations 999] [--seed 1] [--nrc-compat] --out result.json`
 *
 * Exit codes: 0 success, 2 bad input (one sentence per problem on stderr), 1 unexpected failure.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseEventsCsv } from './eventsCsv.ts';
import { type DistanceMethod, KnoxInputError, knoxTest, validateBreaks } from './knox.ts';

export const KNOX_USAGE = `Usage: npx lagesbild knox --events events.csv --sds 0,1,100,200,300 --tds 0,7,14,21 \\
    [--method manhattan|euclidean] [--permutations 999] [--seed 1] [--nrc-compat] --out result.json

  --events        CSV with columns x,y,time (header optional); projected metres; ISO date or date-time
  --sds           spatial breaks in metres, strictly increasing; bands [a,b) plus a final [last,∞)
  --tds           temporal breaks in days, strictly increasing; bands [a,b) plus a final [last,∞)
  --method        manhattan (default) or euclidean
  --permutations  Monte Carlo permutations (default 999; 19 in --nrc-compat mode, the NRC's p = 0.05 setting)
  --seed          PRNG seed (default 1); results are deterministic given the seed
  --nrc-compat    reproduce Ratcliffe's Near Repeat Calculator (same-location band, its labels, float32)
  --out           output JSON file ("-" for standard output)
`;

const VALUE_FLAGS = new Set(['events', 'sds', 'tds', 'method', 'permutations', 'seed', 'out']);
const BOOL_FLAGS = new Set(['nrc-compat', 'help']);

export interface KnoxCliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  cwd: string;
}

interface ParsedArgs {
  values: Map<string, string>;
  bools: Set<string>;
  problems: string[];
}

function parseArgs(args: readonly string[]): ParsedArgs {
  const values = new Map<string, string>();
  const bools = new Set<string>();
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      problems.push(`Unexpected argument "${a}"; options start with --.`);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (BOOL_FLAGS.has(name)) {
      if (eq >= 0) {
        const v = a.slice(eq + 1).toLowerCase();
        if (v === 'true' || v === '1') bools.add(name);
        else if (v !== 'false' && v !== '0') problems.push(`The option --${name} takes no value.`);
      } else bools.add(name);
    } else if (VALUE_FLAGS.has(name)) {
      let v: string | undefined;
      if (eq >= 0) v = a.slice(eq + 1);
      else if (i + 1 < args.length && !args[i + 1].startsWith('--')) v = args[++i];
      if (v === undefined || v === '') problems.push(`The option --${name} needs a value.`);
      else {
        if (values.has(name)) problems.push(`The option --${name} is given more than once.`);
        values.set(name, v);
      }
    } else {
      problems.push(`Unknown option --${name}; run with --help for the list of options.`);
    }
  }
  return { values, bools, problems };
}

function parseNumberList(text: string, flag: string, problems: string[]): number[] | null {
  const parts = text.split(',').map((p) => p.trim());
  const nums = parts.map((p) => (p === '' ? Number.NaN : Number(p)));
  if (nums.some((v) => !Number.isFinite(v))) {
    problems.push(`--${flag} must be a comma-separated list of numbers, e.g. ${flag === 'sds' ? '0,1,100,200,300' : '0,7,14,21'}, not "${text}".`);
    return null;
  }
  return nums;
}

function parseInteger(text: string, flag: string, min: number, problems: string[]): number | null {
  const v = Number(text);
  if (!/^[+-]?\d+$/.test(text.trim()) || !Number.isSafeInteger(v) || v < min) {
    problems.push(`--${flag} must be an integer of at least ${min}, not "${text}".`);
    return null;
  }
  return v;
}

/** Runs the knox command; returns the process exit code. `io` is injectable for tests. */
export async function runKnoxCommand(args: string[], io?: Partial<KnoxCliIo>): Promise<number> {
  const out = io?.stdout ?? process.stdout;
  const err = io?.stderr ?? process.stderr;
  const cwd = io?.cwd ?? process.cwd();
  const argv = args[0] === 'knox' ? args.slice(1) : args;
  const fail = (problems: string[]): number => {
    for (const p of problems) err.write(`${p}\n`);
    return 2;
  };

  const { values, bools, problems } = parseArgs(argv);
  if (bools.has('help')) {
    out.write(KNOX_USAGE);
    return problems.length > 0 ? fail(problems) : 0;
  }
  for (const req of ['events', 'sds', 'tds', 'out']) {
    if (!values.has(req) && !problems.some((p) => p.includes(`--${req} `))) {
      problems.push(`Missing --${req}${req === 'out' ? ' <file>' : req === 'events' ? ' <events.csv>' : ' <breaks>'}.`);
    }
  }
  const nrcCompat = bools.has('nrc-compat');
  const sds = values.has('sds') ? parseNumberList(values.get('sds')!, 'sds', problems) : null;
  const tds = values.has('tds') ? parseNumberList(values.get('tds')!, 'tds', problems) : null;
  if (sds !== null) problems.push(...validateBreaks(sds, 'spatial (--sds)'));
  if (tds !== null) problems.push(...validateBreaks(tds, 'temporal (--tds)'));
  if (nrcCompat && sds !== null && sds.length > 0 && sds[0] !== 0) {
    problems.push('With --nrc-compat the spatial breaks must start at 0, e.g. --sds 0,100,200,300.');
  }
  if (nrcCompat && sds !== null && sds.length === 1) {
    problems.push('With --nrc-compat give at least two spatial breaks, e.g. --sds 0,100,200,300.');
  }
  if (nrcCompat && tds !== null && tds.length > 0 && tds[0] !== 0) {
    problems.push('With --nrc-compat the temporal breaks must start at 0, e.g. --tds 0,7,14,21.');
  }
  let method: DistanceMethod = 'manhattan';
  const m = values.get('method');
  if (m !== undefined) {
    if (m === 'manhattan' || m === 'euclidean') method = m;
    else problems.push(`--method must be manhattan or euclidean, not "${m}".`);
  }
  const permText = values.get('permutations');
  const permutations = permText === undefined ? (nrcCompat ? 19 : 999) : parseInteger(permText, 'permutations', 1, problems);
  const seedText = values.get('seed');
  const seed = seedText === undefined ? 1 : parseInteger(seedText, 'seed', Number.MIN_SAFE_INTEGER, problems);

  let eventsText: string | null = null;
  const eventsPath = values.get('events');
  if (eventsPath !== undefined) {
    try {
      eventsText = await readFile(resolve(cwd, eventsPath), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(
        code === 'ENOENT'
          ? `The events file "${eventsPath}" does not exist.`
          : `The events file "${eventsPath}" cannot be read (${code ?? (e as Error).message}).`,
      );
    }
  }
  let parsed: ReturnType<typeof parseEventsCsv> | null = null;
  if (eventsText !== null) {
    parsed = parseEventsCsv(eventsText);
    problems.push(...parsed.problems);
    if (parsed.problems.length === 0 && parsed.events.x.length < 2) {
      const k = parsed.events.x.length;
      problems.push(`The Knox test needs at least 2 events, but the file holds ${k}.`);
    }
  }
  if (problems.length > 0 || parsed === null || sds === null || tds === null || permutations === null || seed === null) {
    return fail(problems.length > 0 ? problems : ['The arguments could not be understood; run with --help.']);
  }

  let result: ReturnType<typeof knoxTest>;
  try {
    result = knoxTest(parsed.events, { spatialBreaks: sds, temporalBreaks: tds, method, permutations, seed, nrcCompat });
  } catch (e) {
    if (e instanceof KnoxInputError) return fail(e.problems);
    throw e;
  }
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const outPath = values.get('out')!;
  if (outPath === '-') {
    out.write(json);
    return 0;
  }
  try {
    await writeFile(resolve(cwd, outPath), json, 'utf8');
  } catch (e) {
    err.write(`The result cannot be written to "${outPath}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).\n`);
    return 1;
  }
  out.write(`${result.summary.en}\nWrote ${outPath} (${result.events} events, ${result.pairs} pairs, ${result.permutations} permutations, seed ${result.seed}).\n`);
  return 0;
}
