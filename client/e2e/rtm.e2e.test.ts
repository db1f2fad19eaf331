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
});
