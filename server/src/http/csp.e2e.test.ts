/**
 * The Content Security Policy against the real web app: the built client in Debian's Chromium, logged in,
 * a picture with its map, live and document connections, and the strategic map. Any violation the browser
 * reports fails the test; a deliberate violation first proves that violations are seen at all.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuild, launchBrowser, login, newContext, startTestServer } from '../../../client/e2e/harness.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuild();
  server = await startTestServer('csp');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Records what the browser refuses under the policy: console reports and securitypolicyviolation events. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  await page.exposeFunction('__cspViolation', (s: string) => seen.push(s));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(s: string): void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return seen;
}

describe('Content Security Policy in Chromium', () => {
  it('is enforced: an inline script is refused and reported', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const seen = await watchViolations(page);
    const res = await page.goto(`${server.url}/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
    });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    expect(seen.join('\n')).toMatch(/script-src/);
    await ctx.close();
  });

  it('lets the web app run without a single violation: login, a picture with its map and live connections, the strategic map', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const seen = await watchViolations(page);
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await login(page, server.url, 'commander');
    await page.click('.picture-list a[href^="/pictures/"]');
    await page.waitForSelector('[data-testid=map] canvas.maplibregl-canvas', { timeout: 30_000 });
    await page.waitForFunction(() => {
      const m = (window as unknown as { __lagesbildMap?: { loaded(): boolean } }).__lagesbildMap;
      return !!m && m.loaded();
    }, undefined, { timeout: 30_000 });
    await page.waitForTimeout(1_500);
    // Positive control: the live channel and the document connections were opened (and allowed).
    expect(sockets.some((u) => u.includes('/socket.io'))).toBe(true);
    expect(sockets.some((u) => u.includes('/yjs'))).toBe(true);
    await page.goto(`${server.url}/strategic`);
    await page.waitForSelector('canvas.maplibregl-canvas', { timeout: 30_000 });
    await page.waitForTimeout(1_500);
    expect(seen).toEqual([]);
    await ctx.close();
  });
});
