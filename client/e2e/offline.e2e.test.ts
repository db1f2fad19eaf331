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

  it('keeps an offline edit in IndexedDB through a closed tab, syncs it when the page is opened again, and clears it at logout', async () => {
    if (process.env.LAGESBILD_E2E_URL) return; // needs a server this test can stop and start
    const port = Number(new URL(server.url).port);
    const token = await apiLogin(server.url, 'partner.editor');
    const list = await api<{ items: { id: string; title: string }[] }>(server.url, token, 'GET', '/api/pictures');
    const pictureId = list.items.find((p) => p.title === 'Malmö – lägesbild')!.id;
    const picture = await api<{ layers: { id: string; access: string }[] }>(server.url, token, 'GET', `/api/pictures/${pictureId}`);
    const joint = picture.layers.find((l) => l.access === 'write')!;
    const stored = (page: import('playwright-core').Page) =>
      page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('lagesbild-layer:v1:')));
    const TITLE = 'Sparad i webbläsaren';

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, server.url, 'partner.editor');
    await page.click(`.picture-list a[href="/pictures/${pictureId}"]`);
    await page.waitForSelector('[data-testid=connection-state][data-status=online]', { timeout: 30_000 });
    // Every readable layer is kept, named for this user.
    await expect.poll(() => stored(page), { timeout: 10_000 }).toEqual(expect.arrayContaining([expect.stringContaining(`:${joint.id}`)]));
    await page.click('#tab-feature');
    await page.waitForSelector('.feature-list button', { timeout: 10_000 });
    await page.click('.feature-list button >> nth=0');
    await page.waitForSelector('[data-testid=feature-panel] input[name=title]');

    await server.close();
    await page.waitForSelector('[data-testid=connection-state]:not([data-status=online])', { timeout: 15_000 });
    await page.fill('[data-testid=feature-panel] input[name=title]', TITLE);
    await page.click('[data-testid=feature-panel] button[type=submit]');
    await page.waitForSelector('[data-testid=connection-state] .badge-warn', { timeout: 5_000 });
    // y-indexeddb writes each update as it happens; give the write a moment, then close the tab while offline.
    await page.waitForTimeout(1_000);
    await page.close();

    server = await startTestServer('offline', { db: server.db, port });
    const commander = await apiLogin(server.url, 'commander');
    const titles = async () => (await api<{ features: { properties: { title: string } }[] }>(server.url, commander, 'GET', `/api/layers/${joint.id}/features`)).features.map((f) => f.properties.title);
    // Control: the edit never reached the server before the page is opened again.
    expect(await titles()).not.toContain(TITLE);

    const again = await ctx.newPage();
    await again.goto(`${server.url}/pictures/${pictureId}`);
    await again.waitForSelector('[data-testid=connection-state][data-status=online]', { timeout: 30_000 });
    await expect.poll(titles, { timeout: 15_000 }).toContain(TITLE);
    await again.click('#tab-feature');
    await again.waitForSelector(`.feature-list button:has-text("${TITLE}")`, { timeout: 10_000 });
    await screenshot(again, 'offline-02-restored-after-reopen');

    expect((await stored(again)).length).toBeGreaterThan(0);
    await again.click('button:has-text("Logga ut")');
    await again.waitForSelector('input[name=username], #username', { timeout: 15_000 });
    await expect.poll(() => stored(again), { timeout: 10_000 }).toEqual([]);
    await ctx.close();
  }, 150_000);
});
