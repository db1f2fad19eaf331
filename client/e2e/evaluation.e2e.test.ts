/**
 * Evaluation (uppföljning) end to end in Chromium: an analyst opens a demo measure, runs an evaluation in its
 * Uppföljning tab, sees the choice of control and the charts, saves it, opens the printable report and
 * downloads its PDF; pdftotext finds the report's Swedish plain-language sentence and its numbers in the PDF.
 * A partner who cannot read a police-internal measure gets 404 for its report's PDF; the regional overview
 * lists the saved evaluation. axe-core finds no serious or critical violation in the new views.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, ensureClientBuild, launchBrowser, login, newContext, screenshot, screenshotDir, startTestServer } from './harness.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'lagesbild-eval-e2e-'));
const DAY = 86_400_000;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('evaluation');
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** axe-core run in the page (through the debugger, so the page's CSP does not stop it); serious and critical only. */
async function axeViolations(page: Page, scope?: string): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = await page.evaluate(async (sel) => {
    const r = await (window as unknown as { axe: typeof axe }).axe.run(sel ? { include: [sel] } : document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, scope);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Renders page 1 as a PNG into the screenshots folder and as grey levels; the share of pixels that are not white. */
function inkShare(pdf: Buffer, name: string): number {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  mkdirSync(screenshotDir, { recursive: true });
  expect(spawnSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', file, join(screenshotDir, name)]).status).toBe(0);
  expect(spawnSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)]).status).toBe(0);
  const pgm = readFileSync(join(dir, `${name}.pgm`));
  const [, w, h] = (pgm.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+\d+\s/) ?? []).map(Number);
  const pixels = pgm.subarray(pgm.length - w * h);
  let ink = 0;
  for (const v of pixels) if (v < 200) ink++;
  return ink / pixels.length;
}

/** Shootings inside the demo measure "Synlig närvaro Möllevångstorget" (a box ±0.004° around 13.006, 55.591). */
async function plantIncidents(token: string, startsAt: number): Promise<void> {
  const items = [];
  for (let i = 0; i < 14; i++) {
    // Before the start: 14 shootings over the 14 days; after it: 3.
    items.push({ source: 'e2e-eval', sourceId: `pre-${i}`, type: 'shooting', status: 'confirmed', occurredAt: new Date(startsAt - (i + 0.5) * DAY).toISOString(), location: { type: 'Point', coordinates: [13.006 + (i % 5) * 0.0005 - 0.001, 55.591 + (i % 3) * 0.0005] } });
  }
  for (let i = 0; i < 3; i++) {
    items.push({ source: 'e2e-eval', sourceId: `post-${i}`, type: 'shooting', status: 'confirmed', occurredAt: new Date(startsAt + (i * 4 + 1) * DAY).toISOString(), location: { type: 'Point', coordinates: [13.0065, 55.5912] } });
  }
  await api(server.url, token, 'POST', '/api/incidents', items);
}

describe('evaluation of a measure, its report and PDF', () => {
  it('analyst evaluates a demo measure, saves it, opens the report and downloads a PDF that says the same in Swedish', async () => {
    const base = server.url;
    const token = await apiLogin(base, 'analyst');
    const pictures = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
    const pictureId = pictures.items.find((p) => p.title === 'Malmö – lägesbild')!.id;
    const measures = await api<{ items: { id: string; title: string; startsAt: string }[] }>(base, token, 'GET', `/api/pictures/${pictureId}/measures`);
    const measure = measures.items.find((m) => m.title === 'Synlig närvaro Möllevångstorget')!;
    await plantIncidents(token, Date.parse(measure.startsAt));

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'analyst');
    await page.click(`.picture-list a[href="/pictures/${pictureId}"]`);
    await page.click('#tab-measures');
    await page.click(`[data-testid=measure-list] li[data-measure-id="${measure.id}"] .measure-title`);
    await page.click('[data-testid=measure-tab-evaluation]');
    await page.waitForSelector('[data-testid=eval-form]');
    await page.check('[data-testid=eval-form] .eval-types label:has-text("Skottlossning") input');
    await page.click('[data-testid=eval-run]');
    await page.waitForSelector('[data-testid=eval-result]', { timeout: 30_000 }).catch(async (e) => {
      await screenshot(page, 'evaluation-failed-run');
      throw new Error(`${e}: ${await page.locator('.error-banner').allInnerTexts()}`);
    });
    // The control and why, with the candidates it was chosen from; the charts over time.
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text, cells separated as a reader sees them
    const choice = await page.locator('[data-testid=eval-choice]').innerText();
    expect(choice).toMatch(/Valt:|ritades/);
    expect(await page.locator('[data-testid=eval-choice] table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=chart-counts] svg title').textContent()).toContain('Händelser per vecka');
    expect(await page.locator('[data-testid=chart-cumulative] svg path').count()).toBeGreaterThan(1);
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text, cells separated as a reader sees them
    const counts = await page.locator('[data-testid=eval-counts] tbody tr').first().innerText();
    expect(squash(counts)).toMatch(/^Åtgärdens område 14 3\b/);
    await screenshot(page, 'evaluation-01-tab-result');
    // The tab is checked on its own: the rest of the picture view belongs to other tests.
    expect(await axeViolations(page, '[data-testid=eval-tab]')).toEqual([]);

    await page.click('[data-testid=eval-save]');
    await page.waitForSelector('[data-testid=eval-saved] li', { timeout: 15_000 });
    const plainInTab = squash((await page.locator('[data-testid=eval-plain] li').first().textContent()) ?? '');
    expect(plainInTab).toMatch(/^(Ungefär \d+ färre skottlossningar|Ingen säker förändring)/);

    // A control drawn on the picture's map replaces the automatic choice (terra-draw: corners, then Enter).
    await page.click('[data-testid=eval-form] button:has-text("Rita jämförelseområde på kartan")');
    const map = (await page.locator('[data-testid=map]').boundingBox())!;
    const [mx, my] = [map.x + map.width * 0.3, map.y + map.height * 0.3];
    for (const [dx, dy] of [[-40, -30], [40, -30], [40, 30], [-40, 30]]) {
      await page.mouse.click(mx + dx, my + dy);
      await page.waitForTimeout(150);
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=eval-control-state]:has-text("Jämförelseområde: ritat på kartan")', { timeout: 10_000 });
    // Harm weighting, with the analyst's weight for the one chosen type.
    await page.check('[data-testid=eval-harm]');
    await page.fill('[data-testid=eval-form] label:has-text("Vikt för Skottlossning") input', '10');
    await page.click('[data-testid=eval-run]');
    await page.waitForSelector('[data-testid=eval-harm-result] tr:has-text("Skadeviktad summa")', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=eval-choice] p:has-text("rita")', { timeout: 30_000 }).catch(async (e) => {
      await screenshot(page, 'evaluation-failed-drawn');
      throw new Error(`${e}: ${await page.locator('.error-banner').allInnerTexts()}`);
    });
    await screenshot(page, 'evaluation-02-drawn-control');

    // The printable report reads the stored evaluation (the automatic one saved above): the same sentence.
    await page.click('[data-testid=eval-saved] [data-testid=eval-report-link]');
    await page.waitForSelector('body[data-print-ready="true"]', { timeout: 30_000 });
    const evaluationId = new URL(page.url()).pathname.split('/').pop()!;
    const plainInReport = squash((await page.locator('[data-testid=eval-plain] li').first().textContent()) ?? '');
    expect(plainInReport).toBe(plainInTab);
    expect(await page.locator('h1').textContent()).toBe('Synlig närvaro Möllevångstorget');
    await screenshot(page, 'evaluation-03-report');
    expect(await axeViolations(page)).toEqual([]);

    // "PDF": the server prints the report as the analyst; pdftotext finds the sentence and the counts.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 45_000 }), page.click('[data-testid=report-pdf]')]);
    const pdfPath = join(dir, 'report.pdf');
    await download.saveAs(pdfPath);
    const text = squash(pdfText(readFileSync(pdfPath), 'report-text'));
    expect(text).toMatch(/uppföljningsrapport/i);
    expect(text).toContain(plainInReport);
    expect(text).toMatch(/Åtgärdens område 14 3/);
    expect(text).toContain('Att tänka på');
    expect(inkShare(readFileSync(pdfPath), 'evaluation-04-pdf-page1')).toBeGreaterThan(0.01);

    // The regional overview lists it.
    await page.goto(`${base}/uppfoljning`);
    await page.waitForSelector(`[data-testid=eval-overview-table] tr[data-evaluation-id="${evaluationId}"]`, { timeout: 15_000 });
    // Its place: the district (or the picture) the server names, shown in the area column.
    const overview = await api<{ items: { evaluationId: string; areaName: string | null }[] }>(base, token, 'GET', '/api/evaluations');
    const areaName = overview.items.find((i) => i.evaluationId === evaluationId)?.areaName;
    expect(areaName).toEqual(expect.any(String));
    expect(await page.locator(`[data-testid=eval-overview-table] tr[data-evaluation-id="${evaluationId}"] [data-testid=eval-overview-area]`).textContent()).toBe(areaName);
    expect(await page.locator('[data-testid=eval-honest]').textContent()).toContain('visar inte att dosen orsakade effekten');
    // Risk-map accuracy on a held-out period: every model side by side (RTM needs an attached run; it says so).
    await page.click('[data-testid=risk-accuracy-run]');
    await page.waitForSelector('[data-testid=risk-accuracy-table] tbody tr', { timeout: 60_000 }).catch(async (e) => {
      await screenshot(page, 'evaluation-failed-accuracy');
      throw new Error(`${e}: ${await page.locator('[data-testid=risk-accuracy] .error-banner').allInnerTexts()}`);
    });
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text, cells separated as a reader sees them
    const accuracy = squash(await page.locator('[data-testid=risk-accuracy-table]').innerText());
    expect(accuracy).toContain('PAI');
    expect(accuracy).toContain('Tidigare antal per ruta');
    expect(await page.locator('[data-testid=risk-accuracy-curve] svg path').count()).toBeGreaterThan(0);
    await screenshot(page, 'evaluation-05-overview');
    expect(await axeViolations(page)).toEqual([]);

    // Phone layout: the tab works at 390 px.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${base}/uppfoljning/${evaluationId}`);
    await page.waitForSelector('body[data-print-ready="true"]', { timeout: 30_000 });
    await screenshot(page, 'evaluation-06-report-phone');
    await ctx.close();
  }, 180_000);

  it('a partner editor on a phone evaluates the shared demo measure from what partners receive: no police-internal shooting is counted', async () => {
    const base = server.url;
    const token = await apiLogin(base, 'analyst');
    const pictures = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
    const pictureId = pictures.items.find((p) => p.title === 'Malmö – lägesbild')!.id;
    const measures = await api<{ items: { id: string; title: string; startsAt: string }[] }>(base, token, 'GET', `/api/pictures/${pictureId}/measures`);
    const measure = measures.items.find((m) => m.title === 'Synlig närvaro Möllevångstorget')!;
    // Police-internal shootings in the area (the planted marker); idempotent if the first test planted them.
    await plantIncidents(token, Date.parse(measure.startsAt));

    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await ctx.newPage();
    await login(page, base, 'partner.editor');
    await page.goto(`${base}/pictures/${pictureId}?tab=measures`);
    await page.click('.panel-toggle.right');
    await page.tap(`[data-testid=measure-list] li[data-measure-id="${measure.id}"] .measure-title`);
    await page.tap('[data-testid=measure-tab-evaluation]');
    await page.check('[data-testid=eval-form] .eval-types label:has-text("Skottlossning") input');
    await page.tap('[data-testid=eval-run]');
    await page.waitForSelector('[data-testid=eval-result]', { timeout: 30_000 }).catch(async (e) => {
      await screenshot(page, 'evaluation-failed-partner-phone');
      throw new Error(`${e}: ${await page.locator('.error-banner').allInnerTexts()}`);
    });
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text, cells separated as a reader sees them
    const counts = squash(await page.locator('[data-testid=eval-counts] tbody tr').first().innerText());
    // The analyst counted 14 and 3 (all police-internal); the partner's count holds none of them.
    expect(counts).toMatch(/^Åtgärdens område 0 0\b/);
    // Positive control: the result is there, and it says it was counted from what partners receive.
    expect(await page.locator('[data-testid=eval-caveats]').textContent()).toContain('generaliserad plats');
    await page.locator('[data-testid=eval-result]').scrollIntoViewIfNeeded();
    await screenshot(page, 'evaluation-08-partner-phone');
    // The tab fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await ctx.close();
  }, 120_000);

  it('a partner asking for the PDF of a police-internal measure\'s report gets 404; the analyst gets the PDF', async () => {
    const base = server.url;
    const token = await apiLogin(base, 'analyst');
    const pictures = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
    const pictureId = pictures.items.find((p) => p.title === 'Malmö – lägesbild')!.id;
    const startsAt = new Date(Date.now() - 21 * DAY).toISOString();
    const m = await api<{ id: string }>(base, token, 'POST', `/api/pictures/${pictureId}/measures`, {
      title: 'Spaning POLISMARKÖR-EVAL',
      kind: 'patrol',
      target: { type: 'Polygon', coordinates: [[[13.02, 55.6], [13.03, 55.6], [13.03, 55.605], [13.02, 55.605], [13.02, 55.6]]] },
      classification: 'police_internal',
      startsAt,
      status: 'active',
    });
    const saved = await api<{ evaluationId: string }>(base, token, 'POST', `/api/measures/${m.id}/evaluation`, {
      before: { from: new Date(Date.parse(startsAt) - 21 * DAY).toISOString(), to: startsAt },
      after: { from: startsAt, to: new Date().toISOString() },
      // Drawn controls: this test is about who may print, not about the choice of control.
      control: { type: 'Polygon', coordinates: [[[13.05, 55.6], [13.06, 55.6], [13.06, 55.605], [13.05, 55.605], [13.05, 55.6]]] },
      displacementControl: { type: 'Polygon', coordinates: [[[13.07, 55.59], [13.09, 55.59], [13.09, 55.6], [13.07, 55.6], [13.07, 55.59]]] },
      save: true,
    });
    const path = `/uppfoljning/${saved.evaluationId}`;
    const print = (t: string) => fetch(`${base}/api/print/pdf`, { method: 'POST', headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ path }) });
    const partner = await print(await apiLogin(base, 'partner.viewer'));
    expect(partner.status, await partner.clone().text()).toBe(404);
    expect(await partner.text()).not.toContain('POLISMARKÖR');
    const police = await print(token);
    expect(police.status).toBe(200);
    expect(police.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await police.arrayBuffer());
    expect(squash(pdfText(pdf, 'police'))).toContain('Spaning POLISMARKÖR-EVAL');
    // Page 1 rendered beside the other screenshots, and not blank.
    expect(inkShare(pdf, 'evaluation-07-pdf-police-internal-page1')).toBeGreaterThan(0.01);
  }, 120_000);
});

