/**
 * The PDF printer against a real server and Debian's Chromium: small pages served by the test's own server
 * read the injected session and call the real API with it, as the web app's printable pages do. The PDFs are
 * read back with poppler (pdftotext, pdftoppm), not trusted on their size.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import type { PrintSession } from './index.ts';
import { PdfPrinter } from './PdfPrinter.ts';

let t: TestApp;
let printer: PdfPrinter;
let dir: string;
let holding = 0;
let peakHolding = 0;

const page = (script: string) => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>t</title></head><body><main id="m">…</main><script src="/print-test/${script}.js"></script></body></html>`;

/** Each page script reads the session the printer stored, as client/src/state/session.ts does. */
const SCRIPTS: Record<string, string> = {
  who: `
    const s = JSON.parse(localStorage.getItem('lagesbild.session'));
    fetch('/api/me', { headers: { Authorization: 'Bearer ' + s.token } })
      .then((r) => r.json())
      .then((me) => {
        document.getElementById('m').textContent = 'Utskriven av ' + me.username + ' vid ' + me.organisation.name + ' PRINTMARKER språk ' + localStorage.getItem('lagesbild.locale');
        document.body.dataset.printFooter = 'Klassning: <b>Delad</b> & FOTMARKÖR';
        document.body.dataset.printReady = 'true';
      });`,
  missing: `document.body.dataset.printReady = 'not-found';`,
  broken: `document.body.dataset.printError = 'API svarade 500'; document.body.dataset.printReady = 'error';`,
  never: `document.getElementById('m').textContent = 'väntar för evigt';`,
  hold: `
    fetch('/print-test/held').then(() => {
      document.getElementById('m').textContent = 'klar';
      document.body.dataset.printReady = 'true';
    });`,
};

async function sessionOf(username: string): Promise<PrintSession> {
  const token = await t.login(username);
  const me = (await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).json();
  return { token, user: me };
}

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Share of non-white pixels on page 1, rendered by pdftoppm as 8-bit grey (PGM). */
function inkOnPageOne(pdf: Buffer, name: string): number {
  const file = join(dir, `${name}-ink.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', '-singlefile', file, join(dir, `${name}-p1`)]);
  expect(r.status).toBe(0);
  const pgm = readFileSync(join(dir, `${name}-p1.pgm`));
  const header = pgm.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  expect(header).not.toBeNull();
  const [, w, h] = header!.map(Number);
  const pixels = pgm.subarray(pgm.length - w * h);
  let ink = 0;
  for (const v of pixels) if (v < 200) ink++;
  return ink / pixels.length;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lagesbild-print-'));
  // A generous deadline: the suite shares two cores; the deadline itself is tested on a printer of its own.
  t = await createTestApp({ with: { print: { idleMs: 700, timeoutMs: 25_000, concurrency: 2, maxWaiting: 2 } } });
  printer = t.caps.print!;
  for (const name of Object.keys(SCRIPTS)) {
    t.app.get(`/print-test/${name}`, async (_req, reply) => reply.type('text/html; charset=utf-8').send(page(name)));
    t.app.get(`/print-test/${name}.js`, async (_req, reply) => reply.type('text/javascript').send(SCRIPTS[name]));
  }
  // Held open so that prints overlap; counts how many pages are inside at once.
  t.app.get('/print-test/held', async () => {
    holding++;
    peakHolding = Math.max(peakHolding, holding);
    await new Promise((r) => setTimeout(r, 900));
    holding--;
    return { ok: true };
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
}, 60_000);

afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PdfPrinter', () => {
  it('prints a page of our own server as the caller: the page calls the API with the caller\'s session, the PDF reads back, page 1 is not blank', async () => {
    const pdf = await printer.print('/print-test/who', await sessionOf('analyst'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf, 'who');
    expect(text).toContain('Utskriven av analyst vid Polisområde Malmö PRINTMARKER språk sv');
    expect(text).toMatch(/1\s*\/\s*1/);
    // The page's footer line is on the page, as text (escaped, not markup).
    expect(text).toContain('Klassning: <b>Delad</b> & FOTMARKÖR');
    expect(inkOnPageOne(pdf, 'who')).toBeGreaterThan(0.0005);
    // A different caller gets their own identity, not the previous print's (a fresh context per print).
    const partner = pdfText(await printer.print('/print-test/who', await sessionOf('partner.viewer'), { locale: 'en' }), 'who-partner');
    expect(partner).toContain('Utskriven av partner.viewer vid Malmö stad PRINTMARKER språk en');
    expect(partner).not.toContain('analyst');
  }, 60_000);

  it('answers NOT_FOUND when the page reports its subject missing, PRINT_FAILED with the page\'s reason on error', async () => {
    const s = await sessionOf('analyst');
    await expect(printer.print('/print-test/missing', s)).rejects.toMatchObject({ code: 'NOT_FOUND', statusCode: 404 });
    await expect(printer.print('/print-test/broken', s)).rejects.toMatchObject({ code: 'PRINT_FAILED', statusCode: 503, message: expect.stringContaining('API svarade 500') });
  }, 60_000);

  it('times out a page that never becomes ready with PRINT_TIMEOUT, and prints normally afterwards', async () => {
    const s = await sessionOf('analyst');
    const addr = t.app.server.address() as { port: number };
    const quick = new PdfPrinter({ executablePath: t.ctx.config.chromiumPath, baseUrl: () => `http://127.0.0.1:${addr.port}`, timeoutMs: 4_000 });
    try {
      const started = Date.now();
      await expect(quick.print('/print-test/never', s)).rejects.toMatchObject({ code: 'PRINT_TIMEOUT', statusCode: 503 });
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(3_900);
      // Answered at the deadline, not when the page gives up.
      expect(took).toBeLessThan(20_000);
    } finally {
      await quick.close();
    }
    expect(pdfText(await printer.print('/print-test/who', s), 'after-timeout')).toContain('PRINTMARKER');
  }, 60_000);

  it('prints at most two pages at once, queues two more, and refuses the rest with PRINT_BUSY', async () => {
    const s = await sessionOf('analyst');
    peakHolding = 0;
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(() => printer.print('/print-test/hold', s)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code);
    expect(ok).toHaveLength(4);
    expect(refused).toEqual(['PRINT_BUSY']);
    expect(peakHolding).toBe(2);
  }, 60_000);

  it('closes its browser when the app closes, and refuses prints after that', async () => {
    const other = await createTestApp({ with: { print: {} } });
    other.app.get('/print-test/plain', async (_req, reply) => reply.type('text/html; charset=utf-8').send(page('missing')));
    other.app.get('/print-test/missing.js', async (_req, reply) => reply.type('text/javascript').send(SCRIPTS.missing));
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const p = other.caps.print!;
    const token = await other.login('analyst');
    const user = (await other.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).json();
    await expect(p.print('/print-test/plain', { token, user })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(p.running).toBe(true);
    await other.close();
    expect(p.running).toBe(false);
    await expect(p.print('/print-test/plain', { token, user })).rejects.toMatchObject({ code: 'PRINT_FAILED' });
  }, 60_000);

  it('closes its browser after the idle time, and starts a new one for the next print', async () => {
    const s = await sessionOf('analyst');
    await printer.print('/print-test/who', s);
    expect(printer.running).toBe(true);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(printer.running).toBe(false);
    const launches = printer.stats.launches;
    await printer.print('/print-test/who', s);
    expect(printer.stats.launches).toBe(launches + 1);
  }, 60_000);
});
