import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli.ts';

/** Runs `npx lagesbild …` in-process through the CLI's main, capturing what it prints. */
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('npx lagesbild wdd | wdd-harm | wdq | etest', () => {
  beforeEach(() => vi.restoreAllMocks());
  afterEach(() => vi.restoreAllMocks());

  it('wdd --json prints the API object for the Wheeler & Ratcliffe (2018) example', async () => {
    const r = await run('wdd', '--control', '308,318', '--treated', '207,110', '--displacement-control', '150,140', '--displacement-treated', '178,157', '--alpha', '0.05', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ estLocal: -107, estDisplace: -11, estTotal: -118, alpha: 0.05 });
    expect(j.seTotal).toBeCloseTo(Math.sqrt(1568), 12);
    expect(j.inputs.areaWeights).toEqual([1, 1, 1, 1]);
  });

  it('wdd without --json prints a short Swedish/English summary', async () => {
    const r = await run('wdd', '--control=20,20', '--treated=20,10');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Lokal effekt \/ local: +-10\.00 \(SE 8\.37\)/);
    expect(r.out).toMatch(/90 % intervall \/ interval: +-23\.76 – 3\.76/);
    expect(r.out).toMatch(/Återgång mot medelvärdet/);
  });

  it('wdd-harm, wdq and etest answer with the same numbers as the API', async () => {
    const h = JSON.parse((await run('wdd-harm', '--est', '-10,-5,-30', '--se', '8.3666,10.247,15.166', '--weight', '10,5,1', '--json')).out);
    expect(h.harmEst).toBe(-155);
    const q = JSON.parse((await run('wdq', '--target', '207,110', '--buffer', '178,157', '--control', '308,318', '--json')).out);
    expect(q.wdq).toBeCloseTo(0.2582, 4);
    const e = JSON.parse((await run('etest', '--k1', '6', '--k2', '2', '--json')).out);
    expect(e.p).toBeCloseTo(0.1748748, 7);
    const u = JSON.parse((await run('etest', '--k1', '10', '--k2', '20', '--n1', '3.5', '--n2', '1.2', '--variance', 'unpooled', '--json')).out);
    expect(u.p).toBeCloseTo(0.0025936507603, 12);
    expect((await run('wdq', '--target', '1,1', '--buffer', '1,1', '--control', '0,2')).out).toMatch(/WDQ är odefinierad/);
  });

  it('bad input exits 2 with one sentence: E-test k1 + k2 = 0, negative counts, missing or unknown flags', async () => {
    const z = await run('etest', '--k1', '0', '--k2', '0');
    expect(z.code).toBe(2);
    expect(z.err.trim().split('\n')).toHaveLength(1);
    expect(z.err).toMatch(/E-testet är odefinierat/);
    const neg = await run('wdd', '--control', '-1,2', '--treated', '1,1');
    expect(neg.code).toBe(2);
    expect(neg.err).toMatch(/negativt/);
    expect((await run('wdd', '--control', '1,2')).code).toBe(2);
    expect((await run('wdd', '--control', '1,2,3', '--treated', '1,1')).err).toMatch(/2 tal/);
    expect((await run('wdq', '--frobnicate', '1')).code).toBe(2);
    expect((await run('etest', '--k1', 'x', '--k2', '2')).err).toMatch(/inte ett tal/);
  });

  it('lists the calculators in --help', async () => {
    const r = await run('--help');
    for (const c of ['wdd', 'wdd-harm', 'wdq', 'etest']) expect(r.out).toContain(`  ${c} `);
  });
});
