/**
 * End-to-end (issue 17 item 1): an analyst watches an RTM run with Swedish stage names, cancels it from the
 * panel, and runs a study again from the form. Real server, built client, Debian's headless Chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slowStudy } from '../../server/src/rtm/core/synthetic.ts';
import type { RunningServer } from '../../server/src/server.ts';
import { api, apiLogin, ensureClientBuild, launchBrowser, login, newContext, screenshot, startTestServer } from './harness.ts';

let server: Pick<RunningServer, 'url' | 'close'>;
let browser: Browser;
let base: string;
let pictureId: string;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('rtm');
  base = server.url;
  browser = await launchBrowser();
  const token = await apiLogin(base, 'commander');
  const list = await api<{ items: { id: string; title: string }[] }>(base, token, 'GET', '/api/pictures');
  pictureId = list.items.find((p) => p.title === 'Malmö – lägesbild')?.id ?? list.items[0].id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('RTM panel in Chromium', () => {
  it('shows the running stage in Swedish, cancels the run, and runs a study again', async () => {
    const analyst = await apiLogin(base, 'analyst');
    const { runId } = await api<{ runId: string }>(base, analyst, 'POST', '/api/rtm/studies', { ...slowStudy(), pictureId });

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'analyst');
    await page.click(`.picture-list a[href="/pictures/${encodeURIComponent(pictureId)}"]`);
    await page.click('#tab-rtm', { timeout: 20_000 });
    await page.waitForSelector('[data-testid=rtm-panel] select', { timeout: 15_000 });
    await page.selectOption('[data-testid=rtm-panel] select', runId);

    const stage = page.locator('[data-testid=rtm-stage]');
    await stage.waitFor({ timeout: 20_000 });
    await expect.poll(() => stage.textContent(), { timeout: 20_000 }).toMatch(/^(Förbereder studien|Lägger ut rutnätet|Beräknar riskfaktorernas variabler|Väljer variabler)/);
    const panelText = (await page.textContent('[data-testid=rtm-panel]')) ?? '';
    expect(panelText).not.toMatch(/elastic_net|prepare|variables\b/);
    await screenshot(page, 'rtm-01-running');

    await page.click('[data-testid=rtm-panel] button:has-text("Avbryt körningen")');
    await page.waitForSelector('[data-testid=rtm-panel] .rtm-current strong:has-text("Avbruten")', { timeout: 15_000 });
    expect(await page.locator('[data-testid=rtm-panel] button:has-text("Avbryt körningen")').count()).toBe(0);
    const stored = await api<{ status: string; errorCode: string }>(base, analyst, 'GET', `/api/rtm/runs/${runId}`);
    expect(stored).toMatchObject({ status: 'cancelled', errorCode: 'RTM_CANCELLED' });
    await screenshot(page, 'rtm-02-cancelled');

    // Run again from the form: the queue is free and the new run completes.
    await page.click('[data-testid=rtm-panel] summary');
    await page.locator('[data-testid=rtm-panel] fieldset').nth(1).locator('input[type=checkbox]').first().check();
    await page.click('[data-testid=rtm-panel] button.primary');
    await page.waitForSelector('[data-testid=rtm-panel] .rtm-current strong:has-text("Klar"), [data-testid=rtm-panel] .error-banner', { timeout: 60_000 });
    const banner = await page.locator('[data-testid=rtm-panel] .error-banner').count();
    expect(banner, (await page.textContent('[data-testid=rtm-panel]')) ?? '').toBe(0);
    await page.waitForSelector('[data-testid=rtm-result]', { timeout: 10_000 });
    // The demo picture's police-feed events sit on the municipality's centroid: the result says they were left out.
    const notes = page.locator('[data-testid=rtm-notes]');
    await notes.scrollIntoViewIfNeeded();
    expect(await notes.textContent()).toMatch(/\d+ händelser lämnades utanför modellen eftersom deras läge bara är ett område/);
    await screenshot(page, 'rtm-03-rerun-completed');
    await ctx.close();
  }, 150_000);

  it('imports a factor file, runs a study on it, cancels the run, re-runs it and gets a result', async () => {
    const analyst = await apiLogin(base, 'analyst');
    // Factor points beside the picture's precisely placed confirmed incidents, plus one feature outside Sweden
    // that the import must reject with a Swedish sentence naming it.
    const incidents = await api<{ items: { status: string; locationPrecision: string; source?: string; location: { coordinates: [number, number] } | null }[] }>(
      base,
      analyst,
      'GET',
      '/api/incidents?status=confirmed&limit=500',
    );
    const precise = incidents.items.filter((i) => i.location && i.locationPrecision !== 'area' && i.source !== 'polisen').slice(0, 40);
    expect(precise.length).toBeGreaterThan(5);
    const features = precise.map((i, k) => ({
      type: 'Feature',
      properties: { namn: `Skola ${k + 1}` },
      geometry: { type: 'Point', coordinates: [i.location!.coordinates[0] + 0.0004, i.location!.coordinates[1] + 0.0002] },
    }));
    features.push({ type: 'Feature', properties: { namn: 'Fel' }, geometry: { type: 'Point', coordinates: [55.6, 13.0] } });
    const file = { name: 'skolor.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) };

    // A slow study holds the only run queue, so the panel's run waits in the queue and is cancelled there.
    const { runId: blocker } = await api<{ runId: string }>(base, analyst, 'POST', '/api/rtm/studies', { ...slowStudy(), pictureId });

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await login(page, base, 'analyst');
    await page.click(`.picture-list a[href="/pictures/${encodeURIComponent(pictureId)}"]`);
    await page.click('#tab-rtm', { timeout: 20_000 });
    const panel = page.locator('[data-testid=rtm-panel]');
    await panel.locator('summary:has-text("Starta en ny modellkörning")').click();
    await panel.locator('summary:has-text("Importera riskfaktorer från fil")').click();
    const form = panel.locator('[data-testid=rtm-factor-import]');
    await form.locator('input[type=file]').setInputFiles(file);
    expect(await form.getByLabel('Namn på faktorlagret').inputValue()).toBe('Skolor');
    await form.getByLabel('Namn på faktorlagret').fill('Skolor (syntetiska)');
    await form.getByLabel('Syntetiska demodata (lagret märks så)').check();
    await form.locator('button[type=submit]').click();
    const outcome = form.locator('[data-testid=rtm-factor-outcome]');
    await outcome.waitFor({ timeout: 15_000 });
    expect(await outcome.textContent()).toContain(`Importerade ${precise.length} objekt till faktorlagret ”Skolor (syntetiska)”.`);
    expect(await outcome.textContent()).toMatch(new RegExp(`Objekt ${features.length}: Koordinaterna ligger utanför Sverige`));

    // The imported layer is offered under "Importerade riskfaktorer", marked synthetic, and chosen; nothing else is.
    const choices = panel.locator('[data-testid=rtm-factor-choices]');
    const imported = choices.getByRole('group', { name: 'Importerade riskfaktorer' });
    await expect.poll(() => imported.textContent(), { timeout: 10_000 }).toContain('Skolor (syntetiska)');
    expect(await imported.textContent()).toMatch(/syntetisk/);
    const boxes = choices.locator('input[type=checkbox]');
    for (let k = 0; k < (await boxes.count()); k++) {
      const label = (await boxes.nth(k).locator('xpath=..').textContent()) ?? '';
      if (label.includes('Skolor (syntetiska)')) expect(await boxes.nth(k).isChecked()).toBe(true);
      else await boxes.nth(k).uncheck();
    }
    await screenshot(page, 'rtm-04-factor-imported');

    await panel.locator('button.primary:has-text("Starta körningen")').click();
    await panel.locator('.rtm-current strong:has-text("I kö")').waitFor({ timeout: 15_000 });
    await panel.locator('button:has-text("Avbryt körningen")').click();
    await panel.locator('.rtm-current strong:has-text("Avbruten")').waitFor({ timeout: 15_000 });
    await screenshot(page, 'rtm-05-factor-run-cancelled');

    // Free the queue; re-run with the same choices and get a result built on the imported layer.
    // On a fast machine the blocker may already have completed (409): either way the queue is free.
    await api(base, analyst, 'POST', `/api/rtm/runs/${blocker}/cancel`, {}).catch((err: Error) => {
      if (!/409/.test(err.message)) throw err;
    });
    await panel.locator('[data-testid=rtm-rerun]').click();
    await panel.locator('.rtm-current strong:has-text("Klar"), .rtm-current .error-banner').first().waitFor({ timeout: 90_000 });
    expect(await panel.locator('.rtm-current .error-banner').count(), (await panel.textContent()) ?? '').toBe(0);
    await panel.locator('[data-testid=rtm-result]').waitFor({ timeout: 10_000 });
    const runs = await api<{ items: { id: string; status: string }[] }>(base, analyst, 'GET', `/api/rtm/runs?pictureId=${pictureId}`);
    const latest = runs.items.find((r) => r.status === 'completed')!;
    const run = await api<{ result: { candidates: { factor: string }[] } }>(base, analyst, 'GET', `/api/rtm/runs/${latest.id}`);
    expect(new Set(run.result.candidates.map((c) => c.factor))).toEqual(new Set(['Skolor (syntetiska)']));
    await screenshot(page, 'rtm-06-factor-rerun-completed');
    await ctx.close();
  }, 180_000);
});
