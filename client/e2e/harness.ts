/**
 * E2E harness: builds the client when client/dist is missing or older than its sources, starts a real
 * server on a fresh SQLite database, and drives Debian's Chromium through playwright-core.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../server/src/config.ts';
import { type RunningServer, startServer } from '../../server/src/server.ts';

export const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = join(clientDir, '..');
export const screenshotDir = join(repoDir, 'test-results', 'screenshots');
export const PASSWORD = 'test-password-123';

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newestMtime(join(path, e)));
  return m;
}

/** Builds client/dist unless it is newer than every source file of the client. */
export async function ensureClientBuild(): Promise<void> {
  const index = join(clientDir, 'dist', 'index.html');
  const sources = Math.max(newestMtime(join(clientDir, 'src')), newestMtime(join(clientDir, 'index.html')), newestMtime(join(clientDir, 'vite.config.ts')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  const { build } = await import('vite');
  await build({ configFile: join(clientDir, 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * Starts a fresh server, or — when LAGESBILD_E2E_URL is set — uses an already running one (its demo
 * password must be PASSWORD), which is handy while developing against a server with extra features.
 */
export async function startTestServer(name: string, opts: { db?: string; port?: number; env?: Record<string, string> } = {}): Promise<Pick<RunningServer, 'url' | 'close'> & { db: string }> {
  const db = opts.db ?? join(tmpdir(), `lagesbild-e2e-${name}-${process.pid}-${Date.now()}.db`);
  const external = process.env.LAGESBILD_E2E_URL;
  if (external) return { url: external.replace(/\/$/, ''), close: async () => {}, db };
  const config = loadConfig({
    DATABASE_URL: `file:${db}`,
    LAGESBILD_DEMO_PASSWORD: PASSWORD,
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SERVE_CLIENT: 'true',
    ...opts.env,
  });
  const server = await startServer(config);
  return { url: server.url, close: server.close, db };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--lang=sv-SE',
    ],
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Logs in through the form and waits for the picture list. */
export async function login(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.picture-list, .content p', { timeout: 15_000 });
}

export async function apiLogin(baseUrl: string, username: string): Promise<string> {
  const r = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

export async function api<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Samples the WebGL canvas (drawn with preserveDrawingBuffer) and counts distinct colours. */
export async function canvasColours(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const src = document.querySelector(`${sel} canvas.maplibregl-canvas`) as HTMLCanvasElement | null;
    if (!src) return 0;
    const c = document.createElement('canvas');
    c.width = 200;
    c.height = 120;
    const ctx = c.getContext('2d');
    if (!ctx) return 0;
    ctx.drawImage(src, 0, 0, c.width, c.height);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, selector);
}
