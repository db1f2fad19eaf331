/**
 * PDF from Chromium's print of our own web app. One headless Chromium is launched when the first print is
 * asked for and closed after `idleMs` without prints (and when the app closes), so an idle server carries no
 * browser. At most `concurrency` pages print at once; a few more wait; beyond that the caller is told to come
 * back (PRINT_BUSY). The wait for a slot, a cold start of the browser, and the page with its PDF each have
 * `timeoutMs` (PRINT_TIMEOUT); the caller is answered at the page's deadline even if the page hangs.
 *
 * The page is opened AS THE CALLER: a fresh browser context per print, holding the caller's own session in
 * local storage the way the web app stores it (client/src/state/session.ts), and nothing else. The page then
 * fetches its data through the API with that token, so what is printed is exactly what this caller may read:
 * classification is respected by construction, not by a second implementation of the rules here. The context
 * (and with it the token) is thrown away when the print ends. A one-time print ticket would need the auth
 * capability to mint a second credential for the same user; the caller's token already authorises exactly
 * this and never leaves this process and the browser it started.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { PRINT_READY } from '../../../shared/src/printReady.ts';
import { appError } from '../errors.ts';

/** The caller as the web app keeps it after login (`{ token, user }` under `lagesbild.session`). */
export interface PrintSession {
  token: string;
  user: { id: string; username: string; displayName?: string; organisation: { id: string; name: string; kind: string }; roles: readonly string[]; isPolice?: boolean };
}

export interface PrintRequestOptions {
  /** The report's language; Swedish unless asked otherwise. @defaultValue 'sv' */
  locale?: 'sv' | 'en';
}

export interface PdfPrinterOptions {
  /** Chromium to start (Debian's by default). */
  executablePath: string;
  /** Where this process's own web app answers, e.g. `http://127.0.0.1:8080`; null while not listening. */
  baseUrl: () => string | null;
  /** Close the browser after this long without prints. @defaultValue 60_000 */
  idleMs?: number;
  /** Longest wait for a slot, for a cold start of the browser, and for loading, drawing and the PDF (each). @defaultValue 30_000 */
  timeoutMs?: number;
  /** Pages printing at once (each a renderer process of ~100 MB). @defaultValue 2 */
  concurrency?: number;
  /** Prints that may wait for a slot; more are refused at once. @defaultValue 8 */
  maxWaiting?: number;
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

const CHROMIUM_ARGS = [
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
];

const SESSION_KEY = 'lagesbild.session';
const LOCALE_KEY = 'lagesbild.locale';

/** One print's browser context, closed by whoever finishes first: the page work or the deadline. */
interface Job {
  context: BrowserContext | null;
  abandoned: boolean;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0].slice(0, 200);
}

/**
 * The footer on every page: the page's own line (its classification, say) and page numbers. Chromium draws this
 * template itself, outside the page and its CSP; the page's text is escaped into it.
 */
function footer(line: string): string {
  const text = line.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).slice(0, 400);
  return `<div style="font-size:8px;width:100%;padding:0 14mm;display:flex;justify-content:space-between;color:#444;font-family:sans-serif"><span>${text}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}

export class PdfPrinter {
  private readonly opts: Required<Omit<PdfPrinterOptions, 'log'>> & Pick<PdfPrinterOptions, 'log'>;
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;
  /** Prints ever started and the most that ran at once (read by tests and logs). */
  readonly stats = { started: 0, peakConcurrent: 0, launches: 0 };

  constructor(opts: PdfPrinterOptions) {
    this.opts = { idleMs: 60_000, timeoutMs: 30_000, concurrency: 2, maxWaiting: 8, ...opts };
  }

  /** Whether a browser process is running now. */
  get running(): boolean {
    return this.browser !== null || this.launching !== null;
  }

  /**
   * Prints `path` of our own web app as `session` and returns the PDF (A4). Errors are coded: NOT_FOUND when the
   * page reports that its subject does not exist for this reader, PRINT_TIMEOUT, PRINT_BUSY, PRINT_FAILED.
   */
  async print(path: string, session: PrintSession, options: PrintRequestOptions = {}): Promise<Buffer> {
    if (this.closed) throw appError('PRINT_FAILED', ['the server is shutting down']);
    if (!path.startsWith('/') || path.startsWith('//')) throw appError('BAD_REQUEST', ['A print path must be a path of this web app, starting with one "/".']);
    const base = this.opts.baseUrl();
    if (!base) throw appError('PRINT_FAILED', ['the server is not listening yet']);
    await this.acquire(Date.now() + this.opts.timeoutMs);
    this.stats.started++;
    // A cold start is bounded on its own (by the same time): a slow first launch must not eat the page's deadline.
    let browser: Browser;
    try {
      browser = await this.launch();
    } catch (err) {
      this.release();
      throw err;
    }
    const deadline = Date.now() + this.opts.timeoutMs;
    const job: Job = { context: null, abandoned: false };
    // The slot is held until the page work really ends, not only until the caller is answered.
    const work = this.render(browser, base + path, path, session, options, deadline, job).finally(() => this.release());
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(this.timeoutError()), Math.max(0, deadline - Date.now()));
        }),
      ]);
    } catch (err) {
      if ((err as { name?: string })?.name === 'TimeoutError') throw this.timeoutError();
      if ((err as { code?: string })?.code && (err as { statusCode?: number }).statusCode) throw err;
      this.opts.log?.warn({ err, path }, 'print failed');
      throw appError('PRINT_FAILED', [firstLine(err)]);
    } finally {
      clearTimeout(timer);
      // After a timeout the page work is stopped by closing its context (its own rejection is expected then).
      job.abandoned = true;
      work.catch(() => {});
      await job.context?.close().catch(() => {});
    }
  }

  private async render(browser: Browser, url: string, path: string, session: PrintSession, options: PrintRequestOptions, deadline: number, job: Job): Promise<Buffer> {
    const left = () => Math.max(1, deadline - Date.now());
    const context = await browser.newContext({
      locale: options.locale === 'en' ? 'en-GB' : 'sv-SE',
      timezoneId: 'Europe/Stockholm',
      // A4 at 96 dpi: the page lays out at the width it is printed at.
      viewport: { width: 794, height: 1123 },
      // A service worker would outlive the print and keep the page's requests out of sight.
      serviceWorkers: 'block',
    });
    job.context = context;
    try {
      if (job.abandoned) throw this.timeoutError();
      const locale = options.locale ?? 'sv';
      await context.addInitScript(
        ({ sessionKey, value, localeKey, lang }) => {
          try {
            localStorage.setItem(sessionKey, value);
            localStorage.setItem(localeKey, lang);
          } catch {
            // about:blank has no storage; the app's own document does.
          }
        },
        { sessionKey: SESSION_KEY, value: JSON.stringify({ token: session.token, user: { ...session.user, locale } }), localeKey: LOCALE_KEY, lang: locale },
      );
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: left() });
      await page.waitForFunction(() => document.body?.dataset.printReady, undefined, { timeout: left(), polling: 100 });
      const state = await page.evaluate(() => ({ ready: document.body.dataset.printReady, error: document.body.dataset.printError, footer: document.body.dataset.printFooter ?? '' }));
      if (state.ready === PRINT_READY.notFound) throw appError('NOT_FOUND', [path]);
      if (state.ready !== PRINT_READY.ready) throw appError('PRINT_FAILED', [state.error || problems[0] || 'the page reported an error']);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        margin: { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' },
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footer(state.footer.slice(0, 200)),
      });
      return Buffer.from(pdf);
    } finally {
      await context.close().catch(() => {});
    }
  }

  private timeoutError() {
    return appError('PRINT_TIMEOUT', [Math.round(this.opts.timeoutMs / 1000)]);
  }

  /** Closes the browser now (app shutdown); later prints are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake();
    await this.shutdownBrowser();
  }

  /** A slot to print in, waiting (in order) at most until `deadline`. */
  private acquire(deadline: number): Promise<void> {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    if (this.active < this.opts.concurrency && this.waiting.length === 0) {
      this.take();
      return Promise.resolve();
    }
    if (this.waiting.length >= this.opts.maxWaiting) return Promise.reject(appError('PRINT_BUSY'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(this.timeoutError());
      }, Math.max(0, deadline - Date.now()));
      const wake = () => {
        clearTimeout(timer);
        if (this.closed) return reject(appError('PRINT_FAILED', ['the server is shutting down']));
        this.take();
        resolve();
      };
      this.waiting.push(wake);
    });
  }

  private take(): void {
    this.active++;
    this.stats.peakConcurrent = Math.max(this.stats.peakConcurrent, this.active);
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) return next();
    if (this.active === 0 && !this.closed) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        if (this.active === 0) void this.shutdownBrowser();
      }, this.opts.idleMs);
      this.idleTimer.unref();
    }
  }

  private launch(): Promise<Browser> {
    if (this.browser?.isConnected()) return Promise.resolve(this.browser);
    this.launching ??= (async () => {
      try {
        // Loaded on first use: a server that never prints never loads the browser driver.
        const { chromium } = await import('playwright-core');
        const browser = await chromium.launch({ executablePath: this.opts.executablePath, args: CHROMIUM_ARGS, timeout: this.opts.timeoutMs });
        this.stats.launches++;
        browser.on('disconnected', () => {
          if (this.browser === browser) this.browser = null;
        });
        this.browser = browser;
        this.opts.log?.info({ executablePath: this.opts.executablePath }, 'print browser started');
        return browser;
      } catch (err) {
        throw appError('PRINT_FAILED', [`no browser could be started (${this.opts.executablePath}): ${firstLine(err)}`]);
      } finally {
        this.launching = null;
      }
    })();
    return this.launching;
  }

  private async shutdownBrowser(): Promise<void> {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    const launching = this.launching;
    if (launching) await launching.catch(() => {});
    const b = this.browser;
    this.browser = null;
    if (b) await b.close().catch(() => {});
  }
}
