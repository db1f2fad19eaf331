/**
 * Network loss: the server goes away while a partner edits; the edit is kept in the browser's document and
 * reaches the server when it is back, with the connection state shown throughout.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, ensureClientBuild, launchBrowser, login, newContext, screenshot, startTestServer } from './harness.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('offline');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('offline editing', () => {
  it('keeps an edit made while the server is down and syncs it on reconnect', async () => {
    if (process.env.LAGESBILD_E2E_URL) return; // needs a server this test can stop and start
    const base = server.url;
    const port = Number(new URL(base).port);
    const token = await apiLogin(base, 'partner.editor');
    const list = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
    const pictureId = list.items.find((p) => p.title === 'Malmö – lägesbild')!.id;
    const picture = await api<{ layers: { id: string; classification: string; access: string }[] }>(base, token, 'GET', `/api/pictures/${pictureId}`);
    const joint = picture.layers.find((l) => l.access === 'write')!;

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'partner.editor');
    await page.click(`.picture-list a[href="/pictures/${pictureId}"]`);
    await page.waitForSelector('[data-testid=connection-state][data-status=online]', { timeout: 30_000 });
    await page.click('#tab-feature');
    await page.waitForSelector('.feature-list button', { timeout: 10_000 });
    await page.click('.feature-list button >> nth=0');
    await page.waitForSelector('[data-testid=feature-panel] input[name=title]');

    await server.close();
    await page.waitForSelector('[data-testid=connection-state]:not([data-status=online])', { timeout: 15_000 });
    await page.fill('[data-testid=feature-panel] input[name=title]', 'Ändrad utan nät');
    await page.click('[data-testid=feature-panel] button[type=submit]');
    await page.waitForSelector('[data-testid=connection-state] .badge-warn', { timeout: 5_000 });
    await screenshot(page, '14-offline-edit');

    server = await startTestServer('offline', { db: server.db, port });
    await page.waitForSelector('[data-testid=connection-state][data-status=online]', { timeout: 30_000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid=connection-state] .badge-warn'), undefined, { timeout: 15_000 });

    const fresh = await apiLogin(server.url, 'commander');
    let titles: string[] = [];
    for (let i = 0; i < 20 && !titles.includes('Ändrad utan nät'); i++) {
      const fc = await api<{ features: { properties: { title: string } }[] }>(server.url, fresh, 'GET', `/api/layers/${joint.id}/features`);
      titles = fc.features.map((f) => f.properties.title);
      if (!titles.includes('Ändrad utan nät')) await new Promise((r) => setTimeout(r, 250));
    }
    expect(titles).toContain('Ändrad utan nät');
    await ctx.close();
  }, 120_000);
});
