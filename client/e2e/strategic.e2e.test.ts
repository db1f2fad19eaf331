/**
 * End-to-end (issue 17 item 6): the strategic map beyond municipalities. An analyst goes län → kommun →
 * districts, reads the watch list and the biggest movers, and the area card shows contributions as index
 * points, named classifications and code vintages (no raw codes), crime exposure, and a trend chart with
 * labelled axes. Real server, built client, Debian's headless Chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.ts';
import { api, apiLogin, canvasColours, ensureClientBuild, launchBrowser, login, newContext, screenshot, startTestServer } from './harness.ts';

let server: Pick<RunningServer, 'url' | 'close'>;
let browser: Browser;
let base: string;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('strategic');
  base = server.url;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const RAW_CODES = /sarskilt_utsatt|KOMMUN2007|LAN2007|MALMO-DO2023|utsatta-omraden|demo_[a-z_]+/;

describe('strategic map in Chromium', () => {
  it('drills from counties to municipalities to districts, shows watch list, movers, exposure and a readable area card', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'analyst');
    await page.click('a[href="/strategic"]');
    await page.waitForSelector('[data-testid=ranking] tbody tr', { timeout: 30_000 });

    // Counties, then Skåne's municipalities.
    await page.getByLabel('Län', { exact: true }).check();
    await expect.poll(() => page.locator('[data-testid=ranking] tbody tr').count(), { timeout: 15_000 }).toBe(21);
    await page.click('[data-testid=ranking] button:has-text("Skåne län")');
    await page.locator('[data-testid=drill-buttons] button:has-text("Visa kommuner inom området")').click();
    await expect.poll(() => page.textContent('[data-testid=breadcrumb]'), { timeout: 15_000 }).toContain('Skåne län – Kommuner');
    await expect.poll(() => page.locator('[data-testid=ranking] tbody tr').count(), { timeout: 15_000 }).toBe(33);

    // Malmö's card: index points, not percent; names for codes; exposure; a chart with labelled axes.
    await page.click('[data-testid=ranking] button:has-text("Malmö")');
    const card = page.locator('[data-testid=area-card]');
    await card.locator('[data-testid=contributions] li').first().waitFor({ timeout: 20_000 });
    const contributions = (await card.locator('[data-testid=contributions]').textContent()) ?? '';
    expect(contributions).toMatch(/[+−]\d+,\d+ indexpoäng/);
    expect(contributions).not.toMatch(/%/);
    expect(await card.locator('[data-testid=area-vintage]').textContent()).toContain('Kommunindelning sedan 2007');
    await card.locator('[data-testid=exposure] tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await card.locator('[data-testid=exposure] thead').textContent()).toContain('Skjutningar');
    expect(await card.locator('[data-testid=axis-x]').textContent()).toBe('År');
    expect(await card.locator('[data-testid=axis-y]').textContent()).toBe('Indexvärde (z-poäng)');
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toContain('Rosengård – Särskilt utsatt område');
    expect(cardText).toContain('Andel av invånarna som bor i utpekade områden');
    expect(cardText).not.toMatch(RAW_CODES);
    await screenshot(page, 'strategic-01-area-card');

    // Malmö's districts.
    await card.locator('[data-testid=drill-buttons] button:has-text("Visa stadsdelar inom området")').click();
    await expect.poll(() => page.textContent('[data-testid=breadcrumb]'), { timeout: 15_000 }).toContain('Malmö – Stadsdelar');
    await expect.poll(() => page.locator('[data-testid=ranking] tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(50);
    await page.waitForTimeout(1000);
    expect(await canvasColours(page, '[data-testid=strategic-map]')).toBeGreaterThan(5);
    await page.click('[data-testid=ranking] button:has-text("Västra hamnen")');
    await expect.poll(() => card.locator('h2').textContent(), { timeout: 15_000 }).toContain('Västra hamnen');
    await expect.poll(() => card.locator('[data-testid=area-vintage]').textContent(), { timeout: 15_000 }).toContain('Malmö stads delområden 2023');
    await screenshot(page, 'strategic-02-districts');

    // Watch list and movers at the level shown (districts of Malmö's code vintage).
    await page.getByRole('tab', { name: 'Bevakningslista' }).click();
    await page.locator('[data-testid=strategic-watch] p.small').first().waitFor({ timeout: 15_000 });
    await page.getByRole('tab', { name: 'Störst förändring' }).click();
    await page.locator('[data-testid=strategic-movers] tbody tr').first().waitFor({ timeout: 15_000 });
    expect(await page.textContent('[data-testid=strategic-movers]')).toMatch(/Störst förändring i indexvärde mellan \d{4} och \d{4}/);

    // Back to the country: municipalities nationwide, and their watch list with reasons in Swedish.
    await page.locator('[data-testid=breadcrumb] button:has-text("Sverige")').click();
    await page.getByRole('tab', { name: 'Bevakningslista' }).click();
    const watch = page.locator('[data-testid=strategic-watch] li');
    await watch.first().waitFor({ timeout: 15_000 });
    expect(await watch.first().textContent()).toMatch(/utpekade områden/);
    await screenshot(page, 'strategic-03-watchlist');
    await ctx.close();
  }, 150_000);

  it('zooming in shows the finer areas of the visible area (the districts of Malmö), zooming out returns to the municipalities, with a consistent breadcrumb', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'analyst');
    await page.click('a[href="/strategic"]');
    await page.waitForSelector('[data-testid=ranking] tbody tr', { timeout: 30_000 });
    const bar = page.locator('[data-testid=drill-bar]');
    expect(await page.textContent('[data-testid=breadcrumb]')).toBe('Sverige – Kommuner');
    expect(await page.textContent('[data-testid=zoom-hint]')).toContain('stadsdelar eller DeSO-områden');

    // Selecting Malmö brings it into view: the map's own move keeps the level (the ranking stays under the user's hands).
    await page.click('[data-testid=ranking] button:has-text("Malmö")');
    await page.locator('[data-testid=area-card] h2:has-text("Malmö")').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1500);
    expect(await bar.getAttribute('data-level')).toBe('kommun');

    // The user zooms in: the city districts in the visible part of the map, ranked, drawn, and named in the breadcrumb.
    const zoomIn = page.locator('.maplibregl-ctrl-zoom-in');
    for (let i = 0; i < 6 && (await bar.getAttribute('data-level')) !== 'district'; i++) {
      await zoomIn.click();
      await page.waitForTimeout(700);
    }
    expect(await bar.getAttribute('data-level')).toBe('district');
    await expect.poll(() => page.textContent('[data-testid=breadcrumb]'), { timeout: 5_000 }).toBe('Sverige – Kommuner › Synligt område – Stadsdelar');
    expect(await page.locator('h2:has-text("i det synliga området")').count()).toBe(1);
    const rows = page.locator('[data-testid=ranking] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(5);
    // Only what is in view: no district vintage other than Malmö's, and fewer areas than all districts shipped.
    const levels = await api<{ items: { level: string; count: number }[] }>(base, await apiLogin(base, 'analyst'), 'GET', '/api/areas/levels');
    expect(await rows.count()).toBeLessThanOrEqual(levels.items.find((l) => l.level === 'district')!.count);
    expect(await page.locator('[data-testid=ranking] button:has-text("Rosengård")').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=no-finer-areas]').count()).toBe(0);
    await page.waitForTimeout(1000);
    expect(await canvasColours(page, '[data-testid=strategic-map]')).toBeGreaterThan(3);
    await screenshot(page, 'strategic-04-zoomed-districts');

    // Zooming out returns to the municipalities nationwide.
    const zoomOut = page.locator('.maplibregl-ctrl-zoom-out');
    for (let i = 0; i < 8 && (await bar.getAttribute('data-level')) !== 'kommun'; i++) {
      await zoomOut.click();
      await page.waitForTimeout(700);
    }
    expect(await bar.getAttribute('data-zoomed')).toBe('false');
    expect(await page.textContent('[data-testid=breadcrumb]')).toBe('Sverige – Kommuner');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(200);

    // The breadcrumb's step is a way back too: zoom in again, then "Sverige – Kommuner" returns at once.
    for (let i = 0; i < 6 && (await bar.getAttribute('data-level')) !== 'district'; i++) {
      await zoomIn.click();
      await page.waitForTimeout(700);
    }
    expect(await bar.getAttribute('data-level')).toBe('district');
    await page.locator('[data-testid=breadcrumb] button:has-text("Sverige – Kommuner")').click();
    await expect.poll(() => bar.getAttribute('data-level'), { timeout: 5_000 }).toBe('kommun');
    expect(await page.textContent('[data-testid=breadcrumb]')).toBe('Sverige – Kommuner');
    await ctx.close();
  }, 120_000);
});
