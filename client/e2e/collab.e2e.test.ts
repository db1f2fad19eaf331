/**
 * End-to-end (issue 17, "what users of Felt, ArcGIS Dashboards and WebEOC look for"): two police users in the
 * demo picture see each other's avatars; undo and redo of one's own edit reach the server; the measure tool
 * measures; counters, the opt-in alert and the wall screen follow live events without a reload.
 * Real server, built client, Debian's headless Chromium.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.ts';
import { api, apiLogin, ensureClientBuild, launchBrowser, login, newContext, screenshot, startTestServer } from './harness.ts';

let server: Pick<RunningServer, 'url' | 'close'>;
let browser: Browser;
let base: string;
let pictureId: string;
let policeLayer: string;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('collab');
  base = server.url;
  browser = await launchBrowser();
  const token = await apiLogin(base, 'commander');
  const list = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
  pictureId = list.items.find((p) => p.title === 'Malmö – lägesbild')!.id;
  const picture = await api<{ layers: { id: string; name: string }[] }>(base, token, 'GET', `/api/pictures/${pictureId}`);
  policeLayer = picture.layers.find((l) => l.name === 'Polisens lägesbild')!.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(ctx: BrowserContext, user: string, query = ''): Promise<Page> {
  const page = await ctx.newPage();
  await login(page, base, user);
  await page.goto(`${base}/pictures/${pictureId}${query}`);
  await page.waitForSelector('[data-testid=connection-state][data-status=online]', { timeout: 30_000 });
  return page;
}

let seq = 0;
async function postIncident(type: 'shooting' | 'explosion', status: 'confirmed' | 'unconfirmed' = 'confirmed') {
  const token = await apiLogin(base, 'duty');
  seq++;
  await api(base, token, 'POST', '/api/incidents', {
    source: 'e2e-collab',
    sourceId: `c-${Date.now()}-${seq}`,
    type,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    location: { type: 'Point', coordinates: [13.0, 55.595] },
    status,
  });
}

describe('collaboration in Chromium', () => {
  it('shows who is in the picture, undoes and redoes my own edit, and measures a distance', async () => {
    const c1 = await newContext(browser);
    const c2 = await newContext(browser);
    const commander = await open(c1, 'commander');
    const analyst = await open(c2, 'analyst');
    const avatars = (p: Page) => p.locator('[data-testid=presence] li').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    await expect.poll(() => avatars(commander), { timeout: 15_000 }).toEqual([expect.stringMatching(/\(du\)$/), expect.stringMatching(/^Analytiker Malmö/)]);
    await expect.poll(() => avatars(analyst), { timeout: 15_000 }).toContain('Polisområdeschef Malmö, Polisområde Malmö');

    const featureCount = async () => (await api<{ features: unknown[] }>(base, await apiLogin(base, 'commander'), 'GET', `/api/layers/${policeLayer}/features`)).features.length;
    const before = await featureCount();
    await commander.click('button:has-text("+ Punkt i mitten")');
    await expect.poll(featureCount, { timeout: 10_000 }).toBe(before + 1);
    await commander.locator('[data-testid=undo]').click();
    await expect.poll(featureCount, { timeout: 10_000 }).toBe(before);
    // Redo from the keyboard (focus outside text fields).
    await commander.locator('body').press('Control+Shift+z');
    await expect.poll(featureCount, { timeout: 10_000 }).toBe(before + 1);
    expect(await commander.locator('[data-testid=redo]').isDisabled()).toBe(true);
    await screenshot(commander, 'collab-01-presence-undo');
    // Who drew it is in the layer's log, for the co-editor too: one entry, kept through undo and redo.
    await analyst.click('#tab-log');
    const drawn = analyst.locator('[data-testid=event-log] li', { has: analyst.locator('.log-text', { hasText: /^ritade en punkt$/ }) });
    await expect.poll(() => drawn.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await drawn.first().locator('.log-meta').textContent()).toContain('Polisområdeschef Malmö');

    // Hovering the new point (at the map's centre) shows its pop-up.
    const centre = (await commander.locator('[data-testid=map]').boundingBox())!;
    await commander.mouse.move(centre.x + centre.width / 2 - 3, centre.y + centre.height / 2);
    await commander.mouse.move(centre.x + centre.width / 2, centre.y + centre.height / 2);
    await expect.poll(() => commander.locator('[data-testid=feature-popup]').textContent(), { timeout: 10_000 }).toMatch(/^\(utan titel\)Övrigt/);

    await commander.click('button:has-text("Mät")');
    const box = (await commander.locator('[data-testid=map]').boundingBox())!;
    // Points in the middle of the map, clear of the legend, the toolbars and the tool panels.
    await commander.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await commander.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.65);
    await expect.poll(() => commander.textContent('[data-testid=measure-result]'), { timeout: 5_000 }).toMatch(/^Sträcka: [\d\s ,]+ (m|km)$/);
    await commander.click('[data-testid=measure-tool] button:has-text("Yta")');
    await commander.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.8);
    await expect.poll(() => commander.textContent('[data-testid=measure-result]'), { timeout: 5_000 }).toMatch(/^Yta: .+ (m²|ha|km²) \(omkrets/);
    await screenshot(commander, 'collab-02-measure');
    await commander.click('[data-testid=measure-tool] button:has-text("Stäng")');

    // The staff journal: every layer log the commander reads, numbered 1…n oldest first, as the export has them.
    const exp = await api<{ layers: { log: { id: string; time: string; text: string }[] }[] }>(base, await apiLogin(base, 'commander'), 'GET', `/api/pictures/${pictureId}/export`);
    const all = exp.layers.flatMap((l) => l.log).sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id));
    expect(all.length).toBeGreaterThan(2);
    await commander.click('[data-testid=journal-toggle]');
    const items = commander.locator('[data-testid=journal] ol > li');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(all.length);
    expect(await items.first().getAttribute('value')).toBe('1');
    expect(await items.first().textContent()).toContain(all[0].text);
    expect(await items.last().getAttribute('value')).toBe(String(all.length));
    const word = all.at(-1)!.text.split(/\s+/).find((w) => w.length > 4) ?? all.at(-1)!.text;
    await commander.fill('[data-testid=journal] input[type=search]', word);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('value')))).toContain(String(all.length));
    await screenshot(commander, 'collab-05-journal');
    await commander.click('[data-testid=journal] button:has-text("Stäng")');

    // A comment on the commander's new point is pinned on the analyst's map too; the pin opens it.
    await commander.click('#tab-feature');
    await commander.fill('#comment-input', 'Kolla kameran vid entrén');
    await commander.click('button:has-text("Skicka")');
    const pin = analyst.locator('[data-testid=comment-pin][aria-label*="Kolla kameran vid entrén"]');
    await pin.waitFor({ timeout: 15_000 });
    await pin.click();
    await analyst.waitForSelector('[data-testid=feature-panel] .comment-list li:has-text("Kolla kameran vid entrén")', { timeout: 10_000 });
    await screenshot(analyst, 'collab-06-comment-pin');
    await c1.close();
    await c2.close();
  }, 120_000);

  it('counts, alerts (opt-in) and shows the wall screen from live events, without a reload', async () => {
    const ctx = await newContext(browser);
    await ctx.grantPermissions(['notifications'], { origin: base });
    const duty = await open(ctx, 'duty');
    const shown = async () => Number((await duty.locator('[data-testid=counters-toggle]').textContent())?.match(/(\d+) skjutningar/)?.[1]);
    // The picture's incidents arrive over REST after the page opens: read the count once it has settled.
    let start = await shown();
    for (let same = 0; same < 4; ) {
      await duty.waitForTimeout(500);
      const now = await shown();
      same = now === start ? same + 1 : 0;
      start = now;
    }
    await duty.locator('[data-testid=alerts-toggle]').check();
    await postIncident('shooting', 'unconfirmed');
    await postIncident('shooting');
    await expect.poll(shown, { timeout: 10_000 }).toBe(start + 1);
    await expect.poll(() => duty.textContent('[data-testid=alert-latest]'), { timeout: 10_000 }).toMatch(/Skottlossning – bekräftad/);
    await duty.locator('[data-testid=counters-toggle]').click();
    await duty.locator('[data-testid=counters-panel]').waitFor();
    await screenshot(duty, 'collab-03-counters-alert');

    const wall = await ctx.newPage();
    await wall.goto(`${base}/pictures/${pictureId}?wall=1`);
    await wall.locator('[data-testid=wall-screen]').waitFor({ timeout: 60_000 });
    await wall.waitForSelector('[data-testid=connection-state][data-status=online]', { timeout: 30_000 });
    // The picture's incidents load over REST beside the live join: let both settle before counting.
    await wall.waitForTimeout(2_000);
    expect(await wall.locator('[data-testid=layer-panel]').isVisible().catch(() => false)).toBe(false);
    const explosions = async () => Number(await wall.locator('[data-testid=counter-explosions7d] strong').textContent());
    const e0 = await explosions();
    await postIncident('explosion');
    await expect.poll(explosions, { timeout: 20_000 }).toBe(e0 + 1);
    await screenshot(wall, 'collab-04-wall-screen');
    await ctx.close();
  }, 120_000);

  it('closes a picture (read-only for all, the commander can reopen), archives it out of the list, and reopens it', async () => {
    const ctx = await newContext(browser);
    const page = await open(ctx, 'commander');
    page.on('dialog', (d) => void d.accept());
    // An analyst has the picture open meanwhile: the change must reach that page without a reload.
    const actx = await newContext(browser);
    const analyst = await open(actx, 'analyst');
    await analyst.waitForSelector('button:has-text("+ Punkt i mitten")', { timeout: 30_000 });
    await analyst.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const lifecycle = page.locator('[data-testid=lifecycle] select');
    expect(await lifecycle.inputValue()).toBe('active');
    await lifecycle.selectOption('closed');
    await page.waitForSelector('[data-testid=lifecycle] .cb-message:has-text("skrivskyddat")', { timeout: 30_000 });
    const token = await apiLogin(base, 'analyst');
    const seen = await api<{ status: string; layers: { access: string }[] }>(base, token, 'GET', `/api/pictures/${pictureId}`);
    expect(seen.status).toBe('closed');
    expect(new Set(seen.layers.map((l) => l.access))).toEqual(new Set(['read']));
    // Nothing offers drawing in a closed picture.
    expect(await page.locator('button:has-text("+ Punkt i mitten")').count()).toBe(0);
    await screenshot(page, 'collab-07-closed');
    await analyst.waitForSelector('[data-testid=closed-banner]:has-text("Lägesbilden är stängd")', { timeout: 10_000 });
    await expect.poll(() => analyst.locator('button:has-text("+ Punkt i mitten")').count(), { timeout: 10_000 }).toBe(0);
    expect(await analyst.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(analyst, 'collab-08-closed-for-viewer');

    await page.locator('[data-testid=lifecycle] select').selectOption('archived');
    await page.waitForSelector('[data-testid=lifecycle] select >> nth=0', { timeout: 30_000 });
    const list = await api<{ items: { id: string }[] }>(base, token, 'GET', '/api/pictures');
    expect(list.items.map((p) => p.id)).not.toContain(pictureId);
    await expect.poll(() => page.locator('[data-testid=lifecycle] select').inputValue(), { timeout: 30_000 }).toBe('archived');
    await page.locator('[data-testid=lifecycle] select').selectOption('active');
    await expect.poll(() => page.locator('[data-testid=lifecycle] select').inputValue(), { timeout: 30_000 }).toBe('active');
    await page.waitForSelector('button:has-text("+ Punkt i mitten")', { timeout: 30_000 });
    // Reopened (the positive control): the analyst's page offers drawing again, still without a reload.
    await analyst.waitForSelector('button:has-text("+ Punkt i mitten")', { timeout: 15_000 });
    expect(await analyst.locator('[data-testid=closed-banner]').count()).toBe(0);
    expect(await analyst.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await actx.close();
    await ctx.close();
  }, 120_000);
});
