/**
 * `npx lagesbild wdd | wdd-harm | wdq | etest`: the calculators on the command line. Flags mirror the API's
 * JSON names in kebab case (`--control 308,318 --treated 207,110 --alpha 0.05`); `--json` prints the API's
 * object, otherwise a short Swedish/English summary. Bad input: exit 2 with one sentence.
 */
import type { Caveat } from '../../../shared/src/evaluation.ts';
import { etestResult, wddHarmResult, wddResult, wdqResult } from './calculators.ts';
import { EvaluationInputError } from './core/errors.ts';

class UsageError extends Error {}

interface Parsed {
  flags: Map<string, string>;
  json: boolean;
}

function parse(args: string[], allowed: readonly string[]): Parsed {
  const flags = new Map<string, string>();
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') {
      json = true;
      continue;
    }
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(a);
    if (!m) throw new UsageError(`Okänt argument "${a}" / Unknown argument "${a}".`);
    const name = m[1] as string;
    if (!allowed.includes(name)) throw new UsageError(`Okänd flagga --${name}; tillåtna: ${allowed.map((f) => `--${f}`).join(', ')} / Unknown flag --${name}.`);
    const value = m[2] ?? args[++i];
    if (value === undefined) throw new UsageError(`--${name} saknar värde / --${name} needs a value.`);
    flags.set(name, value);
  }
  return { flags, json };
}

function num(name: string, v: string): number {
  const x = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name}: "${v}" är inte ett tal / is not a number.`);
  return x;
}

function list(p: Parsed, name: string, n: number, required: true): number[];
function list(p: Parsed, name: string, n: number, required: false): number[] | undefined;
function list(p: Parsed, name: string, n: number, required: boolean): number[] | undefined {
  const v = p.flags.get(name);
  if (v === undefined) {
    if (required) throw new UsageError(`--${name} krävs (${n} tal, kommaseparerade) / --${name} is required (${n} comma-separated numbers).`);
    return undefined;
  }
  const xs = v.split(',').map((s) => num(name, s));
  if (xs.length !== n) throw new UsageError(`--${name} ska ha ${n} tal, inte ${xs.length} / --${name} takes ${n} numbers, not ${xs.length}.`);
  return xs;
}

const pairOf = (xs: number[]) => [xs[0], xs[1]] as [number, number];
const opt = (p: Parsed, name: string) => (p.flags.has(name) ? num(name, p.flags.get(name) as string) : undefined);
const r = (v: number | null, d = 2) => (v === null ? '–' : Number.isFinite(v) ? v.toFixed(d) : String(v));
const caveatLines = (cs: Caveat[]) => cs.map((c) => `  · ${c.sv}\n    ${c.en}`).join('\n');

type Runner = (p: Parsed) => { json: unknown; text: string };

const RUNNERS: Record<string, { flags: readonly string[]; run: Runner }> = {
  wdd: {
    flags: ['control', 'treated', 'displacement-control', 'displacement-treated', 'time-weights', 'area-weights', 'alpha'],
    run: (p) => {
      const dc = list(p, 'displacement-control', 2, false);
      const dt = list(p, 'displacement-treated', 2, false);
      const tw = list(p, 'time-weights', 2, false);
      const aw = list(p, 'area-weights', 4, false);
      const alpha = opt(p, 'alpha');
      const res = wddResult({
        control: pairOf(list(p, 'control', 2, true)),
        treated: pairOf(list(p, 'treated', 2, true)),
        ...(dc ? { displacementControl: pairOf(dc) } : {}),
        ...(dt ? { displacementTreated: pairOf(dt) } : {}),
        ...(tw ? { timeWeights: pairOf(tw) } : {}),
        ...(aw ? { areaWeights: [aw[0], aw[1], aw[2], aw[3]] as [number, number, number, number] } : {}),
        ...(alpha !== undefined ? { alpha } : {}),
      });
      const ci = `${Math.round((1 - res.alpha) * 100)} %`;
      return {
        json: res,
        text: `WDD (Wheeler & Ratcliffe 2018)
  Lokal effekt / local:           ${r(res.estLocal)} (SE ${r(res.seLocal)})
  Förflyttning / displacement:    ${r(res.estDisplace)} (SE ${r(res.seDisplace)})
  Totalt / total:                 ${r(res.estTotal)} (SE ${r(res.seTotal)}), z = ${r(res.z)}, p = ${r(res.p, 4)}
  ${ci} intervall / interval:     ${r(res.lowCI)} – ${r(res.highCI)}
${caveatLines(res.caveats)}
`,
      };
    },
  },
  'wdd-harm': {
    flags: ['est', 'se', 'weight', 'alpha'],
    run: (p) => {
      const est = (p.flags.get('est') ?? '').split(',').map((s) => num('est', s));
      const se = (p.flags.get('se') ?? '').split(',').map((s) => num('se', s));
      const weight = (p.flags.get('weight') ?? '').split(',').map((s) => num('weight', s));
      if (!p.flags.has('est') || !p.flags.has('se') || !p.flags.has('weight')) throw new UsageError('--est, --se och --weight krävs / are required (comma-separated, one per crime type).');
      if (est.length !== se.length || est.length !== weight.length) throw new UsageError('--est, --se och --weight ska ha lika många tal / must have equally many numbers.');
      const alpha = opt(p, 'alpha');
      const res = wddHarmResult(
        est.map((e, i) => ({ est: e, se: se[i] as number, weight: weight[i] as number })),
        alpha,
      );
      return {
        json: res,
        text: `Skadeviktad WDD / harm-weighted WDD (Wheeler 2020)
  Skada / harm: ${r(res.harmEst)} (SE ${r(res.seHarmEst)}), z = ${r(res.z)}, p = ${r(res.p, 4)}
  Intervall / interval: ${r(res.lowCI)} – ${r(res.highCI)}
${caveatLines(res.caveats)}
`,
      };
    },
  },
  wdq: {
    flags: ['target', 'buffer', 'control'],
    run: (p) => {
      const res = wdqResult({ target: pairOf(list(p, 'target', 2, true)), buffer: pairOf(list(p, 'buffer', 2, true)), control: pairOf(list(p, 'control', 2, true)) });
      return {
        json: res,
        text: `WDQ (Bowers & Johnson 2003)
  SM = ${r(res.successMeasure, 4)}, BM = ${r(res.bufferMeasure, 4)}, WDQ = ${r(res.wdq, 4)}
  Nettoeffekt / total net effect: ${r(res.totalNetEffect)}
${res.reason ? `  ${res.reason.sv}\n  ${res.reason.en}\n` : ''}${caveatLines(res.caveats)}
`,
      };
    },
  },
  etest: {
    flags: ['k1', 'k2', 'n1', 'n2', 'd', 'variance', 'alpha'],
    run: (p) => {
      const k1 = opt(p, 'k1');
      const k2 = opt(p, 'k2');
      if (k1 === undefined || k2 === undefined) throw new UsageError('--k1 och --k2 krävs / --k1 and --k2 are required.');
      const variance = p.flags.get('variance');
      if (variance !== undefined && variance !== 'pooled' && variance !== 'unpooled') throw new UsageError('--variance ska vara pooled eller unpooled / must be pooled or unpooled.');
      const n1 = opt(p, 'n1');
      const n2 = opt(p, 'n2');
      const d = opt(p, 'd');
      const res = etestResult(
        { k1, k2, ...(n1 !== undefined ? { n1 } : {}), ...(n2 !== undefined ? { n2 } : {}), ...(d !== undefined ? { d } : {}), ...(variance ? { variance } : {}) },
        opt(p, 'alpha'),
      );
      return { json: res, text: `E-test (Krishnamoorthy & Thomson 2004)\n  p = ${res.p}\n${caveatLines(res.caveats)}\n` };
    },
  },
};

export const EVALUATION_COMMANDS = Object.keys(RUNNERS);

/** Runs one calculator command; returns the exit code. */
export async function runEvaluationCommand(name: string, args: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const runner = RUNNERS[name];
  if (!runner) {
    err(`Unknown evaluation command "${name}".\n`);
    return 2;
  }
  try {
    const p = parse(args, runner.flags);
    const { json, text } = runner.run(p);
    out(p.json ? `${JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n` : text);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\n`);
      return 2;
    }
    if (e instanceof EvaluationInputError) {
      err(`${e.sv} / ${e.en}\n`);
      return 2;
    }
    throw e;
  }
}
