/**
 * End-to-end: a real server on a fresh database, the built client, Debian's headless Chromium.
 * Screenshots of the main views go to test-results/screenshots/.
 */
import type { Browser, Page, WebSocket as PwWebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.ts';
import { api, apiLogin, canvasColours, ensureClientBuild, launchBrowser, login, newContext, screenshot, startTestServer } from './harness.ts';

interface LayerOut {
  id: string;
  name: string;
  kind: string;
  classification: string;
  access: string;
}

let server: Pick<RunningServer, 'url' | 'close'>;
let browser: Browser;
let base: string;
let pictureId: string;
let layers: LayerOut[];

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('app');
  base = server.url;
  browser = await launchBrowser();
  const token = await apiLogin(base, 'commander');
  const list = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
  pictureId = list.items.find((p) => p.title === 'Malmö – lägesbild')?.id ?? list.items[0].id;
  layers = (await api<{ layers: LayerOut[] }>(base, token, 'GET', `/api/pictures/${pictureId}`)).layers;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPicture(page: Page, username: string): Promise<void> {
  await login(page, base, username);
  await page.click(`.picture-list a[href="/pictures/${encodeURIComponent(pictureId)}"]`);
  await page.waitForSelector('[data-testid=map] canvas.maplibregl-canvas', { timeout: 20_000 });
  await page.waitForFunction(() => {
    const m = (window as unknown as { __lagesbildMap?: { loaded(): boolean; areTilesLoaded(): boolean } }).__lagesbildMap;
    return !!m && m.loaded();
  }, undefined, { timeout: 30_000 });
}

describe('web client in Chromium', () => {
  it('logs in in Swedish and lists the demo picture by level', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.fill('input[name=username]', 'commander');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toContain('Fel användarnamn eller lösenord');
    await screenshot(page, '01-login-error');
    await login(page, base, 'commander');
    await page.waitForSelector('.picture-list');
    expect(await page.textContent('.content')).toContain('Malmö – lägesbild');
    expect(await page.textContent('.content')).toContain('Lokal nivå');
    await screenshot(page, '02-picture-list');
    await ctx.close();
  }, 60_000);

  it('renders the map (the canvas is not blank) with layers and attribution', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await openPicture(page, 'commander');
    await page.waitForTimeout(1500);
    const colours = await canvasColours(page, '[data-testid=map]');
    expect(colours).toBeGreaterThan(8);
    const attribution = await page.textContent('.maplibregl-ctrl-attrib');
    expect(attribution).toContain('Källa: SCB');
    const panel = await page.textContent('[data-testid=layer-panel]');
    expect(panel).toContain('Polisintern');
    expect(panel).toContain('Delad med partner');
    await screenshot(page, '03-picture-view');
    await ctx.close();
  }, 90_000);

  it('lets two users co-edit a polygon, each seeing the other’s change', async () => {
    const joint = layers.find((l) => l.classification === 'partner' && l.kind === 'annotations');
    expect(joint).toBeDefined();
    const ctxA = await newContext(browser);
    const ctxB = await newContext(browser);
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await Promise.all([openPicture(a, 'partner.editor'), openPicture(b, 'commander')]);

    // A draws a polygon in the joint layer (the partner's only writable layer).
    await a.click('button[data-draw=polygon]');
    const box = (await a.locator('[data-testid=map]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    for (const [dx, dy] of [
      [-60, -40],
      [60, -40],
      [60, 40],
      [-60, 40],
    ]) {
      await a.mouse.click(cx + dx, cy + dy);
      await a.waitForTimeout(150);
    }
    await a.keyboard.press('Enter');
    await a.waitForSelector('[data-testid=feature-panel]', { timeout: 10_000 });
    await a.fill('[data-testid=feature-panel] input[name=title]', 'Avspärrat område');
    await a.click('[data-testid=feature-panel] button[type=submit]');

    // B sees it in the joint layer's feature list.
    await b.click(`[data-layer-id="${joint!.id}"] .layer-actions button`);
    await b.click('#tab-feature');
    await b.waitForSelector('.feature-list button:has-text("Avspärrat område")', { timeout: 10_000 });
    await screenshot(a, '04-coedit-drawn');
    await b.click('.feature-list button:has-text("Avspärrat område")');
    await b.fill('[data-testid=feature-panel] input[name=title]', 'Avspärrat område – utökat');
    await b.fill('[data-testid=feature-panel] textarea[name=description]', 'Räddningstjänsten informerad.');
    await b.click('[data-testid=feature-panel] button[type=submit]');

    // A sees B's change.
    await a.waitForFunction(() => (document.querySelector('[data-testid=feature-panel] h3')?.textContent ?? '').includes('utökat'), undefined, { timeout: 10_000 });
    expect(await a.inputValue('[data-testid=feature-panel] textarea[name=description]')).toBe('Räddningstjänsten informerad.');
    await screenshot(b, '05-coedit-other-side');

    // The event log: A appends an entry linked to the polygon; B sees it.
    await a.click('#tab-log');
    await a.fill('[data-testid=event-log] textarea', 'Avspärrning upprättad vid skolan.');
    await a.click('[data-testid=event-log] button[type=submit]');
    await b.click('#tab-log');
    await b.waitForSelector('[data-testid=event-log] .log-text:has-text("Avspärrning upprättad vid skolan.")', { timeout: 10_000 });
    await screenshot(b, '06-event-log');
    await ctxA.close();
    await ctxB.close();
  }, 120_000);

  it('never shows the police-internal layer to a partner, in the DOM or on the wire', async () => {
    const police = layers.filter((l) => l.classification === 'police_internal');
    expect(police.length).toBeGreaterThan(0);
    const token = await apiLogin(base, 'commander');
    const secrets = new Set<string>();
    for (const l of police) {
      secrets.add(l.id);
      secrets.add(l.name);
      const fc = await api<{ features: { id: string; properties: { title: string; description: string } }[] }>(base, token, 'GET', `/api/layers/${l.id}/features`);
      for (const f of fc.features) {
        if (f.properties.title) secrets.add(f.properties.title);
        if (f.properties.description) secrets.add(f.properties.description);
      }
    }
    // Names shared with a partner-visible layer are not secrets (e.g. a common layer name).
    for (const l of layers.filter((x) => x.classification !== 'police_internal')) secrets.delete(l.name);

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const wire: string[] = [];
    page.on('response', async (r) => {
      try {
        const type = r.headers()['content-type'] ?? '';
        if (/json|text|javascript/.test(type) && !r.url().includes('/assets/')) wire.push(await r.text());
      } catch {
        // Bodies of redirects and aborted requests are not available.
      }
    });
    page.on('websocket', (ws: PwWebSocket) => {
      ws.on('framereceived', (f) => wire.push(typeof f.payload === 'string' ? f.payload : Buffer.from(f.payload).toString('latin1')));
    });
    await openPicture(page, 'partner.viewer');
    await page.waitForTimeout(2000);
    await page.click('#tab-log');
    await page.waitForTimeout(500);
    const html = await page.content();
    for (const s of secrets) {
      expect(html.includes(s), `DOM contains ${s}`).toBe(false);
      expect(wire.some((w) => w.includes(s)), `network contains ${s}`).toBe(false);
    }
    expect(await page.textContent('[data-testid=layer-panel]')).not.toContain('Polisintern');
    await screenshot(page, '07-partner-view');
    await ctx.close();
  }, 90_000);

  it('shows an incident posted through the API in the feed and on the map within a second', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await openPicture(page, 'duty');
    await page.waitForSelector('[data-testid=connection-state][data-status=online]', { timeout: 15_000 });
    // Record in the page when each incident first appears in the feed and in the map's source, so that
    // the measurement does not include Playwright's polling.
    await page.evaluate(() => {
      const w = window as unknown as {
        __feedSeen: Record<string, number>;
        __mapSeen: Record<string, number>;
        __lagesbildMap: { getSource(id: string): { setData(d: { features: { properties: { id: string } }[] }): unknown } };
      };
      w.__feedSeen = {};
      w.__mapSeen = {};
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-incident-id]')) {
          const id = el.getAttribute('data-incident-id')!;
          w.__feedSeen[id] ??= Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true });
      const src = w.__lagesbildMap.getSource('incidents');
      const setData = src.setData.bind(src);
      src.setData = (d) => {
        for (const f of d.features) w.__mapSeen[f.properties.id] ??= Date.now();
        return setData(d);
      };
    });
    const token = await apiLogin(base, 'commander');
    const sourceId = `e2e-${Date.now()}`;
    const posted = await api<{ items: { id: string }[] }>(base, token, 'POST', '/api/incidents', {
      source: 'e2e',
      sourceId,
      type: 'shooting',
      occurredAt: new Date().toISOString(),
      location: { type: 'Point', coordinates: [13.0, 55.59] },
      status: 'confirmed',
      description: 'E2E-test',
    });
    const t0 = Date.now();
    const id = posted.items[0].id;
    await page.waitForSelector(`[data-incident-id="${id}"]`, { timeout: 5_000 });
    await page.waitForFunction(async (incidentId) => {
      const m = (window as unknown as { __lagesbildMap?: { getSource(id: string): { getData(): Promise<{ features: { properties: { id: string } }[] }> } } }).__lagesbildMap;
      const data = await m?.getSource('incidents')?.getData();
      return !!data?.features.some((f) => f.properties.id === incidentId);
    }, id, { timeout: 5_000 });
    const seen = await page.evaluate((incidentId) => {
      const w = window as unknown as { __feedSeen: Record<string, number>; __mapSeen: Record<string, number> };
      return { feed: w.__feedSeen[incidentId], map: w.__mapSeen[incidentId] };
    }, id);
    expect(seen.feed - t0).toBeLessThan(1000);
    expect(seen.map - t0).toBeLessThan(1000);
    expect(await page.getAttribute(`[data-incident-id="${id}"]`, 'class')).toContain('highlight');
    await screenshot(page, '08-incident-live');
    await page.click('#tab-risk');
    await page.waitForTimeout(300);
    await screenshot(page, '09-risk-zones');
    await ctx.close();
  }, 90_000);

  it('lets a police admin edit access (partners are not offered on police-internal layers) and preview as a partner', async () => {
    const police = layers.find((l) => l.classification === 'police_internal' && l.kind === 'annotations')!;
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await openPicture(page, 'commander');
    await page.click(`[data-layer-id="${police.id}"] .layer-actions button:has-text("Åtkomst")`);
    await page.waitForSelector('[data-testid=access-editor] .access-table');
    await page.click('[data-testid=access-editor] button:has-text("Lägg till organisation")');
    const selects = page.locator('[data-testid=access-editor] .access-table tbody tr:last-child select');
    // Only what may be chosen is offered: police units (positive control), never a partner organisation.
    const offered = await selects.first().locator('option').allTextContents();
    expect(offered.some((o) => /polis|LPO|Region|NOA/i.test(o)), offered.join(' | ')).toBe(true);
    expect(offered).not.toContain('Malmö stad');
    await screenshot(page, '12-access-police-only');
    await page.click('[data-testid=access-editor] .dialog-head button');

    await page.click('button:has-text("Visa som partner")');
    await page.waitForSelector('[data-testid=preview-dialog] select');
    await page.locator('[data-testid=preview-dialog] select').first().selectOption({ label: 'Malmö stad' });
    await page.click('[data-testid=preview-dialog] button:has-text("Visa")');
    await page.waitForSelector('[data-testid=preview-dialog] .preview-layers li, [data-testid=preview-dialog] [role=alert]');
    expect(await page.locator('[data-testid=preview-dialog] [role=alert]').count(), await page.textContent('[data-testid=preview-dialog]') ?? '').toBe(0);
    const text = await page.textContent('[data-testid=preview-dialog] .preview-layers');
    for (const l of layers.filter((x) => x.classification === 'police_internal')) expect(text).not.toContain(l.name);
    expect(text).toContain(layers.find((l) => l.classification === 'partner')!.name);
    await screenshot(page, '13-preview-as-partner');
    await ctx.close();
  }, 90_000);

  it('switches to English and keeps the choice', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'analyst');
    await page.selectOption('.lang-switch select', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('.content')).toContain('Local level');
    await page.reload();
    await page.waitForSelector('.picture-list');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.selectOption('.lang-switch select', 'sv');
    await ctx.close();
  }, 60_000);

  it('shows the strategic map to police: choropleth, ranking, area card and drill-down to a local picture', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'analyst');
    await page.click('a[href="/strategic"]');
    await page.waitForSelector('[data-testid=strategic-map] canvas', { timeout: 20_000 });
    await page.waitForSelector('[data-testid=ranking] tbody tr', { timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect(await canvasColours(page, '[data-testid=strategic-map]')).toBeGreaterThan(5);
    await screenshot(page, '10-strategic');
    await page.click('[data-testid=ranking] button:has-text("Malmö")');
    await page.waitForSelector('[data-testid=area-card] .bars li, [data-testid=area-card] .note', { timeout: 20_000 });
    expect(await page.textContent('[data-testid=area-card] h2')).toContain('Malmö');
    await page.waitForTimeout(1000);
    await screenshot(page, '11-area-card');
    await page.click('[data-testid=area-card] button:has-text("Skapa lokal lägesbild")');
    await page.waitForURL(/\/pictures\//, { timeout: 15_000 });
    await page.waitForSelector('[data-testid=map] canvas.maplibregl-canvas', { timeout: 20_000 });
    await page.waitForFunction(() => (document.querySelector('.picture-heading')?.textContent ?? '').includes('Malmö'), undefined, { timeout: 15_000 });
    await ctx.close();
  }, 90_000);
});
