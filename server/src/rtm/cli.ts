/**
 * `lagesbild rtm --study study.json --out result.json [--cells cells.csv]`
 * Exit 0 on success, 2 on bad input (one sentence per problem on stderr), 1 on unexpected failure.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { runStudy, StudyValidationError } from './core/engine.ts';
import { cellsCsv } from './core/export.ts';

const USAGE = 'Usage: lagesbild rtm --study study.json --out result.json [--cells cells.csv] [--seed N]';

export async function runRtmCommand(args: string[]): Promise<number> {
  const opts: Record<string, string> = {};
  const problems: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const m = /^--(study|out|cells|seed)(?:=(.*))?$/.exec(a);
    if (!m) {
      problems.push(`Unknown argument ${JSON.stringify(a)}.`);
      continue;
    }
    const v = m[2] ?? args[++k];
    if (v === undefined || v.startsWith('--')) problems.push(`--${m[1]} needs a value.`);
    else opts[m[1]] = v;
  }
  if (!opts.study) problems.push('--study is required: the path of the study JSON file.');
  if (!opts.out) problems.push('--out is required: where to write the result JSON.');
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
    return 2;
  }
  let study: unknown;
  try {
    study = JSON.parse(await readFile(opts.study, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(
      err.code === 'ENOENT' ? `The study file ${opts.study} does not exist.\n` : `The study file ${opts.study} is not valid JSON (${err.message}).\n`,
    );
    return 2;
  }
  if (opts.seed !== undefined) {
    const s = Number(opts.seed);
    if (!Number.isInteger(s)) {
      process.stderr.write(`--seed must be an integer, got ${JSON.stringify(opts.seed)}.\n`);
      return 2;
    }
    if (study && typeof study === 'object') (study as Record<string, unknown>).seed = s;
  }
  try {
    let lastPct = -1;
    const { result, cells } = runStudy(study, {
      onProgress: (p) => {
        const pct = Math.floor(p.fraction * 100);
        if (process.stderr.isTTY && pct !== lastPct) {
          lastPct = pct;
          process.stderr.write(`\r${p.stage} ${pct}%   `);
        }
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    await writeFile(opts.out, `${JSON.stringify(result, null, 2)}\n`);
    if (opts.cells) await writeFile(opts.cells, cellsCsv(cells));
    process.stdout.write(
      `${result.model.family} model with ${result.factors.length} risk factor(s), BIC ${result.model.bic.toFixed(2)}, ${result.model.cells} cells; wrote ${opts.out}${opts.cells ? ` and ${opts.cells}` : ''}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof StudyValidationError) {
      process.stderr.write(`${e.problems.join('\n')}\n`);
      return 2;
    }
    process.stderr.write(`RTM run failed: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}
