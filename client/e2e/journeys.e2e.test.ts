/**
 * The picture view's core journeys in Chromium (issue 17): a commander builds a picture from nothing (create,
 * add and rename a layer, import a GeoJSON file, export GeoJSON, GeoPackage, PNG and PDF, the print view); a duty officer
 * registers, confirms and retracts an incident; a partner records an observation one-handed on a 390×844
 * phone. Screenshots of each main view go to test-results/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, ensureClientBuild, launchBrowser, login, newContext, screenshot, startTestServer } from './harness.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('journeys');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const IMPORT_FILE = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [13.001, 55.605] }, properties: { name: 'Trasig belysning Möllan', category: 'lighting' } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [13.004, 55.59] }, properties: { name: 'Klotter vid skolan', category: 'damage' } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[13.0, 55.6], [13.01, 55.602]] }, properties: { name: 'Gångstråk' } },
    // Swapped lon/lat: left out with a Swedish reason in the preview.
    { type: 'Feature', geometry: { type: 'Point', coordinates: [55.6, 13.0] }, properties: { name: 'Fel ordning' } },
  ],
};

/** The harness login, with a screenshot and the page's text when the form or the list does not come. */
async function signIn(page: Page, base: string, user: string): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  try {
    await login(page, base, user);
  } catch (e) {
    await screenshot(page, `journeys-failed-login-${user}`);
    throw new Error(`${e}\n${(await page.locator('body').textContent())?.slice(0, 300)}\n${problems.join('\n')}`);
  }
}

/** Serious or critical WCAG 2.1 A/AA violations (axe-core) inside the element `selector`: this journey's own UI. */
async function axeOn(page: Page, selector: string): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(axe.source);
  const result = await page.evaluate(async (sel) => {
    const r = await (window as unknown as { axe: typeof axe }).axe.run(sel, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, selector);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
}

async function pictureIdOf(page: Page): Promise<string> {
  await page.waitForURL(/\/pictures\/[^/]+$/, { timeout: 15_000 });
  return decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
}

async function featureTitles(base: string, token: string, layerId: string): Promise<string[]> {
  const fc = await api<{ features: Array<{ properties: { title: string } }> }>(base, token, 'GET', `/api/layers/${layerId}/features`);
  return fc.features.map((f) => f.properties.title).sort();
}

describe('journeys in the picture view', () => {
  it('a commander builds a picture from nothing: create, layer, rename, import, export GeoJSON, GeoPackage, PNG and PDF, print view', async () => {
    const base = server.url;
    const token = await apiLogin(base, 'commander');
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, base, 'commander');
    await screenshot(page, 'journeys-01-picture-list');

    const title = `Nattpass E2E ${Date.now()}`;
    await page.click('button:has-text("Ny lägesbild")');
    await page.fill('[data-testid=new-picture-dialog] input[name=title]', title);
    await screenshot(page, 'journeys-02-new-picture');
    expect(await axeOn(page, '[data-testid=new-picture-dialog]')).toEqual([]);
    await page.click('[data-testid=new-picture-dialog] button[type=submit]');
    const pictureId = await pictureIdOf(page);
    await page.waitForSelector(`.picture-heading:has-text("${title}")`, { timeout: 15_000 });

    // No duplicates: the same title again is pointed at the existing picture, and nothing is created.
    await page.goto(`${base}/`);
    await page.click('button:has-text("Ny lägesbild")');
    await page.fill('[data-testid=new-picture-dialog] input[name=title]', ` ${title.toUpperCase()} `);
    await page.waitForSelector('[data-testid=new-picture-dialog] [role=alert]:has-text("finns redan")');
    expect(await page.locator('[data-testid=new-picture-dialog] button[type=submit]').isDisabled()).toBe(true);
    const list = await api<{ items: Array<{ title: string }> }>(base, token, 'GET', '/api/pictures');
    expect(list.items.filter((p) => p.title === title)).toHaveLength(1);
    await page.goto(`${base}/pictures/${pictureId}`);

    // Add a layer and rename it.
    await page.click('button:has-text("Lägg till lager")');
    await page.fill('[data-testid=add-layer-dialog] input[name=name]', 'Spaning E2E');
    await page.click('[data-testid=add-layer-dialog] button[type=submit]');
    const layerItem = page.locator('.layer-item', { hasText: 'Spaning E2E' });
    await layerItem.waitFor({ timeout: 10_000 });
    await layerItem.locator('button:has-text("Byt namn")').click();
    await page.fill('[data-testid=rename-layer-dialog] input[name=name]', 'Spaning Norr E2E');
    await page.click('[data-testid=rename-layer-dialog] button[type=submit]');
    const renamed = page.locator('.layer-item', { hasText: 'Spaning Norr E2E' });
    await renamed.waitFor({ timeout: 10_000 });
    const layerId = (await renamed.getAttribute('data-layer-id'))!;

    // Import a GeoJSON file: preview with counts and the Swedish reason for the left-out feature.
    await renamed.locator('button:has-text("Importera fil")').click();
    await page.setInputFiles('[data-testid=import-file]', { name: 'trygghetsvandring.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(IMPORT_FILE)) });
    const preview = page.locator('[data-testid=import-preview]');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('3 av 4 objekt kan importeras: 2 punkter, 1 linjer, 0 ytor');
    expect(await preview.textContent()).toContain('Rad 4: läget ligger utanför Sverige');
    await screenshot(page, 'journeys-03-import-preview');
    expect(await axeOn(page, '[data-testid=import-dialog]')).toEqual([]);
    await page.click('[data-testid=import-dialog] button:has-text("Importera 3 objekt")');
    await page.waitForSelector('[data-testid=toast]:has-text("3 objekt importerades")');
    await expect.poll(() => featureTitles(base, token, layerId), { timeout: 15_000 }).toEqual(['Gångstråk', 'Klotter vid skolan', 'Trasig belysning Möllan']);
    // The legend names what is drawn, the new layer's classification included.
    expect(await page.locator('[data-testid=legend]').textContent()).toContain('Polisintern');
    await screenshot(page, 'journeys-04-picture-after-import');

    // "Visa som partner": the preview banner's "Tillbaka till live" is readable (it was white on white) and ends the preview.
    await page.click('button:has-text("Visa som partner")');
    await page.locator('[data-testid=preview-dialog] select').first().selectOption({ label: 'Malmö stad' });
    await page.click('[data-testid=preview-dialog] button.primary');
    await page.click('[data-testid=preview-dialog] button:has-text("Visa partnerns innehåll på kartan")');
    const back = page.locator('.history-banner button');
    await back.waitFor();
    expect(await axeOn(page, '.history-banner')).toEqual([]);
    await back.click();
    await page.locator('.history-banner').waitFor({ state: 'detached' });

    // Export: GeoJSON from the layer documents, PNG of the map with legend and source line.
    await page.click('button:has-text("Exportera och skriv ut")');
    const [gj] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-geojson]')]);
    const fc = JSON.parse(await readFile((await gj.path())!, 'utf8'));
    expect(fc.features.filter((f: { properties: { layer: string } }) => f.properties.layer === 'Spaning Norr E2E')).toHaveLength(3);
    expect(fc.classification).toBe('police_internal');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-png]')]);
    const pngBytes = await readFile((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    // GeoPackage from the server (a SQLite file) and the PDF the server prints from the print view.
    const [gpkg] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-gpkg]')]);
    expect((await readFile((await gpkg.path())!)).subarray(0, 15).toString()).toBe('SQLite format 3');
    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 45_000 }), page.click('[data-testid=export-pdf]')]);
    const pdfBytes = await readFile((await pdf.path())!);
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    await screenshot(page, 'journeys-05-export');
    expect(await axeOn(page, '[data-testid=export-dialog]')).toEqual([]);
    await page.keyboard.press('Escape');

    // The print view (what the PDF printer prints) renders the map, legend and source line and says it is ready.
    await page.goto(`${base}/pictures/${pictureId}/print`);
    await page.waitForSelector('body[data-print-ready="true"]', { state: 'attached', timeout: 30_000 });
    const text = (await page.locator('[data-testid=print-view]').textContent()) ?? '';
    expect(text).toContain(title);
    expect(text).toContain('Spaning Norr E2E');
    expect(text).toContain('Källa: Lägesbild, Polisområde Malmö');
    await screenshot(page, 'journeys-06-print-view');
    expect(await axeOn(page, '[data-testid=print-view]')).toEqual([]);
    await ctx.close();
  }, 90_000);

  it('a duty officer registers an incident on the map, confirms it and retracts it with reasons', async () => {
    const base = server.url;
    const token = await apiLogin(base, 'duty');
    const list = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
    const pictureId = list.items.find((p) => p.title === 'Malmö – lägesbild')!.id;
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    page.setDefaultTimeout(12_000);
    await signIn(page, base, 'duty');
    await page.goto(`${base}/pictures/${pictureId}`);
    // Area-precision police-feed events are said as their area, never as the district of the centroid.
    await page.click('button:has-text("Filtrera händelser")', { timeout: 20_000 });
    await page.check('[data-testid=feed-filters] label:has-text("bara område") input');
    const areaItems = page.locator('.feed-item .feed-place');
    await areaItems.first().waitFor({ timeout: 10_000 });
    const places = await areaItems.allTextContents();
    expect(places.length).toBeGreaterThan(0);
    for (const p of places) expect(p).toMatch(/^bara område: /);
    expect(places.join('|')).not.toContain('GAMLA STADEN');
    await screenshot(page, 'journeys-07a-feed-area-filter');
    expect(await axeOn(page, '[data-testid=incident-feed]')).toEqual([]);
    expect(await axeOn(page, '[data-testid=legend]')).toEqual([]);
    await page.uncheck('[data-testid=feed-filters] label:has-text("bara område") input');
    await page.click('[data-testid=incident-register]', { timeout: 20_000 });
    const form = page.locator('[data-testid=incident-form]');
    await form.locator('select[name=type]').selectOption('explosion');
    await form.locator('button:has-text("Välj i kartan")').click();
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 30, box.y + box.height / 2 + 20);
    await expect
      .poll(() => form.locator('[data-testid=incident-place]').textContent())
      .toMatch(/^\d+,\d+, \d+,\d+$/)
      .catch(async (e) => {
        await screenshot(page, 'journeys-failed-pick');
        throw e;
      });
    // The picked place is marked on the map until the form closes.
    await page.locator('.place-marker').waitFor();
    await form.locator('textarea[name=description]').fill('E2E-detonation vid porten');
    await screenshot(page, 'journeys-07-incident-form');
    expect(await axeOn(page, '[data-testid=incident-form]')).toEqual([]);
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('[data-testid=toast]:has-text("Händelsen är registrerad")');
    expect(await page.locator('.place-marker').count()).toBe(0);
    await page.fill('[data-testid=feed-search]', 'E2E-detonation');
    const item = page.locator('.feed-item', { hasText: 'E2E-detonation' });
    await item.waitFor({ timeout: 10_000 }).catch(async (e) => {
      await screenshot(page, 'journeys-failed-feed');
      throw e;
    });
    expect(await item.textContent()).toContain('Obekräftad');

    await item.locator('.feed-actions button', { hasText: /^Bekräfta$/ }).click();
    await page.fill('[data-testid=incident-status-dialog] textarea[name=reason]', 'Bekräftad av patrull på plats');
    await page.click('[data-testid=incident-status-dialog] button[type=submit]');
    await expect.poll(() => item.locator('.status-badge').textContent(), { timeout: 10_000 }).toBe('Bekräftad');
    await screenshot(page, 'journeys-08-incident-confirmed');

    await item.locator('.feed-actions button', { hasText: /^Återkalla$/ }).click();
    await page.fill('[data-testid=incident-status-dialog] textarea[name=reason]', 'Dubblett');
    await page.click('[data-testid=incident-status-dialog] button[type=submit]');
    await expect.poll(() => item.locator('.status-badge').textContent(), { timeout: 10_000 }).toBe('Återkallad');
    const id = (await item.getAttribute('data-incident-id'))!;
    expect((await api<{ status: string; type: string }>(base, token, 'GET', `/api/incidents/${id}`)).status).toBe('retracted');
    await screenshot(page, 'journeys-09-incident-retracted');

    // A picture that does not exist says so instead of loading for ever.
    await page.goto(`${base}/pictures/pic_finns_inte`);
    await page.waitForSelector('[data-testid=picture-missing]:has-text("Lägesbilden finns inte eller så saknar du behörighet")', { timeout: 10_000 }).catch(async (e) => {
      await screenshot(page, 'journeys-failed-missing');
      throw new Error(`${e}\n${(await page.locator('body').textContent())?.slice(0, 300)}`);
    });
    await ctx.close();
  }, 60_000);

  it('a partner records an observation one-handed on a 390×844 phone; header ≤ 56 px, panel close reachable', async () => {
    const base = server.url;
    const token = await apiLogin(base, 'partner.editor');
    const pictures = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
    const pictureId = pictures.items.find((p) => p.title === 'Malmö – lägesbild')!.id;
    const detail = await api<{ layers: Array<{ id: string; access: string }> }>(base, token, 'GET', `/api/pictures/${pictureId}`);
    const writable = detail.layers.find((l) => l.access === 'write')!;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', hasTouch: true, isMobile: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(12_000);
    await signIn(page, base, 'partner.editor');
    // Partners cannot create pictures, so they are not offered it.
    expect(await page.locator('button:has-text("Ny lägesbild")').count()).toBe(0);
    await page.goto(`${base}/pictures/${pictureId}`);
    await page.waitForSelector('[data-testid=quick-add]', { timeout: 20_000 });
    const header = (await page.locator('.topbar').boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(56);
    await screenshot(page, 'journeys-10-phone-map');

    // The layer panel opens as a bottom sheet; its close button is on screen and on top.
    await page.click('.panel-toggle.left');
    const close = page.locator('[data-testid=layer-panel] .panel-head .icon-button');
    const cb = (await close.boundingBox())!;
    expect(cb.y + cb.height).toBeLessThanOrEqual(844);
    const onTop = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid=layer-panel]') !== null, [cb.x + cb.width / 2, cb.y + cb.height / 2]);
    expect(onTop).toBe(true);
    const sheet = (await page.locator('[data-testid=layer-panel]').boundingBox())!;
    expect(sheet.y).toBeGreaterThan(844 * 0.3);
    await screenshot(page, 'journeys-11-phone-layer-sheet');
    await close.tap();

    await page.tap('[data-testid=quick-add]');
    await page.tap('[data-testid=quick-sheet] button:has-text("Kartans mitt")');
    await page.tap('[data-testid=quick-sheet] button:has-text("Belysning")');
    expect(await page.getAttribute('[data-testid=quick-sheet] button:has-text("Kartans mitt")', 'aria-pressed')).toBe('true');
    await page.fill('[data-testid=quick-sheet] input', 'Lampan vid lekplatsen är trasig');
    // Save is on screen without scrolling, and the top of the map stays visible above the sheet.
    const save = (await page.locator('[data-testid=quick-sheet] button:has-text("Spara")').boundingBox())!;
    expect(save.y + save.height).toBeLessThanOrEqual(844);
    expect((await page.locator('[data-testid=quick-sheet]').boundingBox())!.y).toBeGreaterThan(844 * 0.3);
    await screenshot(page, 'journeys-12-phone-observation');
    expect(await axeOn(page, '[data-testid=quick-sheet]')).toEqual([]);
    await page.tap('[data-testid=quick-sheet] button:has-text("Spara")');
    await page.waitForSelector('[data-testid=toast]:has-text("Observationen är sparad")');
    await expect
      .poll(async () => (await api<{ features: Array<{ properties: { description: string; category: string } }> }>(base, token, 'GET', `/api/layers/${writable.id}/features`)).features.some((f) => f.properties.description === 'Lampan vid lekplatsen är trasig' && f.properties.category === 'lighting'), { timeout: 15_000 })
      .toBe(true);
    await screenshot(page, 'journeys-13-phone-saved');

    // What a partner reads about where incidents are: the snapped position's precision, never a district.
    const released = await api<{ items: Array<{ generalised: boolean; precisionM: number }> }>(base, token, 'GET', '/api/incidents?limit=5');
    expect(released.items.length).toBeGreaterThan(0);
    expect(released.items.every((i) => i.generalised && i.precisionM === 250)).toBe(true);
    await page.tap('.panel-toggle.right');
    await page.locator('[data-testid=incident-feed] .feed-place').first().waitFor();
    const said = await page.locator('[data-testid=incident-feed] .feed-place').allTextContents();
    // Area-only events name their area; every other position is the snapped one with its precision.
    for (const p of said) expect(p).toMatch(/^(ungefärligt läge, ±250 m|bara område: [^,]+)$/);
    await screenshot(page, 'journeys-14-phone-partner-feed');
    await ctx.close();
  }, 60_000);
});
