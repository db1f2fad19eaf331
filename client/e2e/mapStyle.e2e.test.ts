/**
 * End-to-end: a deployment with its own base-map server (MAP_STYLE_URL). The strategic map must draw on
 * that style, as the picture map does, and still show its choropleth and designated areas over it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/src/server.ts';
import { ensureClientBuild, launchBrowser, login, newContext, screenshot, startTestServer } from './harness.ts';

/** A style any base-map server could serve: here only a magenta background, easy to find on the canvas. */
const STYLE = { version: 8, sources: {}, layers: [{ id: 'external-background', type: 'background', paint: { 'background-color': '#ff00ff' } }] };

let styleServer: Server;
let styleUrl: string;
let server: Pick<RunningServer, 'url' | 'close'>;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuild();
  styleServer = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
    res.end(JSON.stringify(STYLE));
  });
  await new Promise<void>((resolve) => styleServer.listen(0, '127.0.0.1', resolve));
  styleUrl = `http://127.0.0.1:${(styleServer.address() as AddressInfo).port}/style.json`;
  server = await startTestServer('mapstyle', { env: { MAP_STYLE_URL: styleUrl } });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise((resolve) => styleServer?.close(resolve));
});

describe('external base map (MAP_STYLE_URL)', () => {
  it('draws the strategic map on the configured style, with the choropleth over it', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await login(page, server.url, 'analyst');
    await page.click('a[href="/strategic"]');
    await page.waitForSelector('[data-testid=strategic-map] canvas', { timeout: 20_000 });
    await page.waitForSelector('[data-testid=ranking] tbody tr', { timeout: 30_000 });
    await page.waitForTimeout(1500);
    const pixels = await page.evaluate(() => {
      const src = document.querySelector('[data-testid=strategic-map] canvas.maplibregl-canvas') as HTMLCanvasElement;
      const c = document.createElement('canvas');
      c.width = 200;
      c.height = 120;
      const g = c.getContext('2d')!;
      g.drawImage(src, 0, 0, c.width, c.height);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      let magenta = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] > 240 && d[i + 1] < 15 && d[i + 2] > 240) magenta++;
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
      return { magenta, colours: colours.size };
    });
    await screenshot(page, 'map-style-strategic');
    expect(requested).toContain(styleUrl);
    // The sea around Sweden is the external style's background, the land the municipalities' index colours.
    expect(pixels.magenta).toBeGreaterThan(100);
    expect(pixels.colours).toBeGreaterThan(5);
    // The shipped base map's county borders are not loaded under an external style; designated areas are.
    expect(requested.some((u) => u.includes('/basemap/lan_scb.geojson'))).toBe(false);
    expect(requested.some((u) => u.includes('/basemap/uso_2025_wgs84.geojson'))).toBe(true);
    await ctx.close();
  }, 90_000);
});
