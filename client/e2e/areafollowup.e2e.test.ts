/**
 * Area follow-up end to end in Chromium: the reminder badge shows the local police area's due assessments; a user
 * of LPO Malmö Norr fills in Rosengård's assessment for the current quarter on a phone-sized screen (scale radio
 * groups by keyboard and tap, a comment), saves a draft and submits it over the seeded demo history; NOA's
 * national overview, open meanwhile, shows Rosengård as improved without a reload, and the area page its series
 * and history. Shared with Malmö stad (scores only), the municipality adds its own view beside the police's and
 * never sees the police's comment.
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPeriod, type OverviewRow } from '../../shared/src/areaFollowup.ts';
import { api, apiLogin, ensureClientBuild, launchBrowser, login, newContext, screenshot, startTestServer } from './harness.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('areafollowup');
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const ROSENGARD = 'USO2025-2';

/** axe-core in the page, over the follow-up's own content; serious and critical WCAG 2.1 AA violations only. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: typeof axe }).axe.run({ include: [['.followup-main']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
}

describe('follow-up of vulnerable areas', () => {
  it('a local police area submits an assessment and the national overview shows the trend', async () => {
    const base = server.url;
    const period = currentPeriod(new Date());
    const national = await apiLogin(base, 'nationell');
    const before = (await api<{ items: OverviewRow[] }>(base, national, 'GET', '/api/areafollowup/overview')).items.find((r) => r.area.id === ROSENGARD)!;
    expect(before.current.status).not.toBe('submitted');
    expect(before.last.length).toBe(2);

    // NOA's national overview is open while the local police work: it follows their submission live.
    const nctx = await newContext(browser);
    const npage = await nctx.newPage();
    await login(npage, base, 'nationell');
    await npage.click('nav a:has-text("Utsatta områden")');
    const row = npage.locator(`[data-testid=followup-overview] tr[data-area="${ROSENGARD}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-trend')).toBe(before.trend);

    // The local police area's user on a phone: the badge says what is due, and leads to the follow-up.
    const dctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', isMobile: true, hasTouch: true });
    const dpage = await dctx.newPage();
    const pageErrors: string[] = [];
    dpage.on('pageerror', (e) => pageErrors.push(e.message));
    await login(dpage, base, 'duty');
    const badge = dpage.locator('[data-testid=followup-due-badge]');
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.textContent()).toMatch(/försenade|att lämna/);
    await badge.click();
    await dpage.goto(`${base}/utsatta-omraden/${ROSENGARD}`);
    await dpage.waitForSelector('[data-testid=followup-current]', { timeout: 15_000 });
    await dpage.click(`a:has-text("Fyll i bedömning för ${period}")`);
    await dpage.waitForSelector('.followup-criterion', { timeout: 15_000 });
    await screenshot(dpage, 'areafollowup-01-phone-form');
    expect(await axeViolations(dpage)).toEqual([]);

    // Keyboard: focus a radio group and move within it with the arrow keys.
    const first = dpage.locator('.followup-criterion').first();
    await first.locator('input[type=radio][value="3"]').check();
    await first.locator('input[type=radio][value="3"]').focus();
    await dpage.keyboard.press('ArrowLeft');
    expect(await first.locator('input[type=radio][value="2"]').isChecked()).toBe(true);
    // Every criterion: "1 Låg", by tapping its label; a comment on the first.
    const criteria = dpage.locator('.followup-criterion');
    const n = await criteria.count();
    expect(n).toBeGreaterThanOrEqual(8);
    for (let i = 0; i < n; i++) await criteria.nth(i).locator('label:has-text("1 Låg")').click();
    await first.locator('textarea').fill('Färre öppna försäljningsplatser sedan i somras (E2E).');
    await dpage.click('button:has-text("Spara utkast")');
    await dpage.waitForSelector('[role=status]:has-text("Utkastet är sparat")', { timeout: 10_000 });
    dpage.once('dialog', (d) => void d.accept());
    await dpage.click('button:has-text("Lämna in")');
    await dpage.waitForSelector('[role=status]:has-text("Bedömningen är inlämnad")', { timeout: 10_000 }).catch(async (e) => {
      await screenshot(dpage, 'areafollowup-failed-submit');
      throw new Error(`${e}: ${await dpage.locator('.error-banner').allInnerTexts()}`);
    });
    await dpage.waitForSelector('text=Bedömningen är inlämnad och kan inte ändras.');
    await screenshot(dpage, 'areafollowup-02-phone-submitted');

    // Share the quarter with Malmö stad (scores only, not the police's comments).
    await dpage.check('.followup-sharing label:has-text("Dela med Malmö stad") input');
    await dpage.click('button:has-text("Spara delning")');
    await dpage.waitForSelector('[role=status]:has-text("Delningen är sparad")', { timeout: 10_000 });

    // NOA's overview, without a reload: Rosengård improved.
    await npage.waitForSelector(`[data-testid=followup-overview] tr[data-area="${ROSENGARD}"][data-trend=improved]`, { timeout: 5_000 });
    expect(await row.textContent()).toContain('Förbättrat');
    expect(await row.textContent()).toContain('Inlämnad');
    await screenshot(npage, 'areafollowup-03-national-overview');
    expect(await axeViolations(npage)).toEqual([]);
    await npage.check('input[name=followup-filter][value=improved]');
    expect(await row.isVisible()).toBe(true);
    await npage.check('input[name=followup-filter][value=worsened]');
    expect(await row.count()).toBe(0);

    // The area page: the weighted series as an accessible chart, the submission in the history.
    await npage.goto(`${base}/utsatta-omraden/${ROSENGARD}`);
    const chart = npage.locator('[data-testid=followup-weighted-chart] svg[role=img]');
    await chart.waitFor({ timeout: 15_000 });
    expect(await chart.locator('title').textContent()).toContain('Rosengård');
    expect(await npage.locator('[data-testid=followup-weighted-chart] table').textContent()).toContain(period);
    expect(await npage.locator('[data-testid=followup-history] [data-action=submitted]').first().textContent()).toBe('Inlämnad');
    await screenshot(npage, 'areafollowup-04-area-page');
    expect(await axeViolations(npage)).toEqual([]);

    // The year's criteria: frozen once used; NOA's commander reads them (admins and analysts change them).
    await npage.goto(`${base}/utsatta-omraden/kriterier`);
    await npage.waitForSelector('text=används av bedömningar', { timeout: 15_000 });
    expect(await npage.locator('.followup-table tbody tr').count()).toBeGreaterThanOrEqual(8);
    expect(await npage.locator('button:has-text("Spara kriterier")').count()).toBe(0);
    expect(await axeViolations(npage)).toEqual([]);

    const after = (await api<{ items: OverviewRow[] }>(base, national, 'GET', '/api/areafollowup/overview')).items.find((r) => r.area.id === ROSENGARD)!;
    expect(after.trend).toBe('improved');
    expect(after.last[1]).toEqual({ period, weightedScore: 1 });
    // The municipality: sees the shared quarter without the police's comment and adds its own view beside it.
    const pctx = await newContext(browser);
    const ppage = await pctx.newPage();
    await login(ppage, base, 'partner.editor');
    await ppage.click('nav a:has-text("Utsatta områden")');
    await ppage.click(`.followup-main a:has-text("Rosengård")`);
    await ppage.waitForSelector(`[data-testid=assessment-${period}]`, { timeout: 15_000 });
    await ppage.goto(`${base}/utsatta-omraden/${ROSENGARD}/${period}`);
    await ppage.waitForSelector('h3:has-text("Vår bild (Malmö stad)")', { timeout: 15_000 });
    const pfirst = ppage.locator('.followup-criterion').first();
    await pfirst.locator('label:has-text("3 Hög")').click();
    await pfirst.locator('textarea').fill('Skolan rapporterar oro kvällstid (E2E).');
    await ppage.click('button:has-text("Spara vår bild")');
    await ppage.waitForSelector('[role=status]:has-text("Er bild är sparad")', { timeout: 10_000 });
    expect(await ppage.locator('.followup-main').textContent()).not.toContain('Färre öppna försäljningsplatser');
    await screenshot(ppage, 'areafollowup-05-partner-view');
    expect(await axeViolations(ppage)).toEqual([]);
    // The police read the municipality's view beside theirs (positive control: their own comment is there).
    const police = await api<{ current: { partnerViews: Array<{ organisationName: string; answers: Array<{ comment: string | null }> }>; answers: Array<{ comment: string | null }> } }>(base, national, 'GET', `/api/areafollowup/areas/${ROSENGARD}/assessments/${period}`);
    expect(police.current.answers[0].comment).toContain('Färre öppna försäljningsplatser');
    expect(police.current.partnerViews[0]).toMatchObject({ organisationName: 'Malmö stad' });
    expect(police.current.partnerViews[0].answers[0].comment).toContain('Skolan rapporterar');
    await pctx.close();

    // A national admin assigns an area nobody followed up (Araby, Växjö) to a local police area.
    const actx = await newContext(browser);
    const apage = await actx.newPage();
    await login(apage, base, 'admin');
    await apage.goto(`${base}/utsatta-omraden`);
    const araby = apage.locator('[data-testid=followup-overview] tr[data-area="USO2025-1"]');
    await araby.waitFor({ timeout: 20_000 });
    await araby.locator('select').selectOption({ label: 'LPO Malmö Söder' });
    await araby.locator('button:has-text("Tilldela")').click();
    await apage.waitForSelector('[data-testid=followup-overview] tr[data-area="USO2025-1"] td:has-text("LPO Malmö Söder")', { timeout: 10_000 });
    expect(await axeViolations(apage)).toEqual([]);
    await actx.close();

    expect(pageErrors).toEqual([]);
    await dctx.close();
    await nctx.close();
  }, 180_000);
});
