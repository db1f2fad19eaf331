import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEventsCsv, parseIsoDays } from './eventsCsv.ts';
import type { KnoxResult } from './knox.ts';
import { runKnoxCommand } from './knoxCli.ts';

const dir = mkdtempSync(join(tmpdir(), 'knox-cli-'));
const month1 = fileURLToPath(new URL('./testdata/chicago_be_month1.csv', import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runKnoxCommand(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: dir,
  });
  return { code, out, err };
}
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('knox CLI', () => {
  it('reproduces NR-1 with --nrc-compat and writes the result JSON', async () => {
    const r = await run(['--events', month1, '--sds', '0,100,200,300', '--tds', '0,7,14,21', '--nrc-compat', '--out', 'nr1.json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(readFileSync(join(dir, 'nr1.json'), 'utf8')) as KnoxResult;
    expect(res.permutations).toBe(19);
    expect(res.seed).toBe(1);
    expect(res.observed[0]).toEqual([28, 5, 5, 2]);
    expect(res.observed[4]).toEqual([182194, 146149, 95237, 45879]);
    for (const key of ['observed', 'expectedMean', 'expectedAnalytic', 'knoxRatio', 'knoxRatioMedian', 'pValues', 'pairs', 'permutations', 'seed', 'spatialBands', 'temporalBands', 'summary']) {
      expect(res).toHaveProperty(key);
    }
    expect(res.summary.sv.length).toBeGreaterThan(20);
    expect(r.out).toContain('Wrote nr1.json');
  });
  it('accepts a header, date-times, --opt=value, euclidean and a seed; same seed gives the same file', async () => {
    const csv = file('dt.csv', 'time,x,y\n2024-05-01T10:00:00+02:00,0,0\n2024-05-01T22:00Z,30,40\n2024-05-03,1000,0\n2024-05-09 08:30,0,60\n');
    const args = ['--events', csv, '--sds=0,100,500', '--tds=0,1,7', '--method', 'euclidean', '--permutations', '29', '--seed', '5'];
    const a = await run([...args, '--out', 'a.json']);
    const b = await run(['knox', ...args, '--out', 'b.json']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const ra = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as KnoxResult;
    expect(ra.method).toBe('euclidean');
    expect(ra.events).toBe(4);
    // (0,0)-(30,40): 50 m apart, 14 h apart → [0,100) × [0,1).
    expect(ra.observed[0][0]).toBe(1);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
  });
  it('--out - writes JSON to stdout', async () => {
    const csv = file('two.csv', '0,0,2019-01-01\n0,100,2019-01-04\n');
    const r = await run(['--events', csv, '--sds', '0,100,200', '--tds', '0,3,6', '--permutations', '9', '--out', '-']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as KnoxResult).observed[1][1]).toBe(1);
  });
  it('fewer than 2 events → exit 2 with one sentence', async () => {
    const csv = file('one.csv', 'x,y,time\n0,0,2020-01-01\n');
    const r = await run(['--events', csv, '--sds', '0,100', '--tds', '0,7', '--out', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('The Knox test needs at least 2 events, but the file holds 1.\n');
  });
  it('unparsable dates are reported with row numbers', async () => {
    const csv = file('bad.csv', '0,0,2020-01-01\n1,1,NA\n2,2,2020-02-30\n3,x,2020-01-03\n');
    const r = await run(['--events', csv, '--sds', '0,100', '--tds', '0,7', '--out', 'x.json']);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toEqual([
      'Row 2 (line 2): time "NA" is not an ISO date (YYYY-MM-DD) or date-time.',
      'Row 3 (line 3): time "2020-02-30" is not an ISO date (YYYY-MM-DD) or date-time.',
      'Row 4 (line 4): y "x" is not a number.',
    ]);
  });
  it('non-increasing breaks, unknown flags, bad method and missing options are each reported', async () => {
    const r = await run(['--events', month1, '--sds', '0,100,50', '--tds', '0,7,7', '--method', 'chebyshev', '--frobnicate', '--permutations', '-3']);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toContain('Unknown option --frobnicate; run with --help for the list of options.');
    expect(lines).toContain('Missing --out <file>.');
    expect(lines).toContain('--method must be manhattan or euclidean, not "chebyshev".');
    expect(lines).toContain('--permutations must be an integer of at least 1, not "-3".');
    expect(lines.some((l) => l.startsWith('The spatial (--sds) breaks must be strictly increasing'))).toBe(true);
    expect(lines.some((l) => l.startsWith('The temporal (--tds) breaks must be strictly increasing'))).toBe(true);
    for (const l of lines) expect(l).toMatch(/[.]$/);
  });
  it('missing file and non-numeric breaks', async () => {
    const r = await run(['--events', 'nope.csv', '--sds', '0,a', '--tds', '0,7', '--out', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('The events file "nope.csv" does not exist.');
    expect(r.err).toContain('--sds must be a comma-separated list of numbers');
  });
  it('--help prints usage', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--nrc-compat');
  });
});

describe('events CSV', () => {
  it('parses ISO dates and date-times to days', () => {
    expect(parseIsoDays('1970-01-02')).toBe(1);
    expect(parseIsoDays('1970-01-01T12:00:00Z')).toBe(0.5);
    expect(parseIsoDays('1970-01-01T12:00+12:00')).toBe(0);
    expect(parseIsoDays('1970-01-01 06:00')).toBe(0.25);
    expect(parseIsoDays('2016-02-29')).not.toBeNull();
    for (const bad of ['2015-02-29', 'NA', '', '01/02/2016', '2016-13-01', '2016-01-01T25:00']) expect(parseIsoDays(bad)).toBeNull();
  });
  it('detects a header and maps named columns; skips blank lines', () => {
    const p = parseEventsCsv('"X","Y","date"\r\n1.5,2,2016-01-01\r\n\r\n3,4,2016-01-03\r\n');
    expect(p.problems).toEqual([]);
    expect(Array.from(p.events.x)).toEqual([1.5, 3]);
    expect(Array.from(p.events.t)).toEqual([16801, 16803]);
  });
  it('caps the number of listed problems', () => {
    const text = Array.from({ length: 40 }, (_, i) => `${i},0,bad`).join('\n');
    const p = parseEventsCsv(text, 5);
    expect(p.problems).toHaveLength(6);
    expect(p.problems[5]).toBe('35 more row problems not listed.');
  });
});
