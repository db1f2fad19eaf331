/**
 * The print route's edges without a browser: who may call it and which paths it prints. (Printing itself, with
 * Chromium, is PdfPrinter.test.ts; a real report page printed as police and as a partner is in
 * client/src/views/evaluation/printReport.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { isPrintablePath } from './printablePaths.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ with: { print: {} } });
}, 60_000);
afterAll(async () => t?.close());

describe('POST /api/print/pdf', () => {
  it('needs a logged-in caller', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/print/pdf', payload: { path: '/uppfoljning/abc' } });
    expect(res.statusCode).toBe(401);
  });

  it('refuses paths that are not printable pages with 400 and a sentence, and malformed bodies', async () => {
    const token = await t.login('analyst');
    for (const path of ['/', '/pictures/p1', '//evil.example/x', 'http://evil.example/', '/uppfoljning/../admin', '/uppfoljning/a?next=http://x/y']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/print/pdf', headers: bearer(token), payload: { path } });
      expect(res.statusCode, path).toBe(400);
      expect(res.json().error.message, path).toMatch(/not a printable page|not valid/);
    }
    const extra = await t.app.inject({ method: 'POST', url: '/api/print/pdf', headers: bearer(token), payload: { path: '/uppfoljning/abc', url: 'http://x' } });
    expect(extra.statusCode).toBe(400);
    const noPath = await t.app.inject({ method: 'POST', url: '/api/print/pdf', headers: bearer(token), payload: {} });
    expect(noPath.statusCode).toBe(400);
  });
});

describe('the audit of prints', () => {
  it('records who asked to print which page, and the outcome, also when printing fails', async () => {
    const token = await t.login('analyst');
    // Not listening (inject only): the printer cannot reach its own web app and says so.
    const res = await t.app.inject({ method: 'POST', url: '/api/print/pdf', headers: bearer(token), payload: { path: '/uppfoljning/ev_audit' } });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('PRINT_FAILED');
    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'print.pdf' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUsername: 'analyst', target: '/uppfoljning/ev_audit', outcome: 'failure' });
    expect(JSON.parse(rows[0].detail ?? '{}')).toMatchObject({ code: 'PRINT_FAILED' });
  });
});

describe('printable paths', () => {
  it('allows the report pages, the overview, situation reports and the picture print view', () => {
    for (const p of ['/uppfoljning/ev_1', '/uppfoljning', '/rapporter/r1', '/rapporter/p1/2026-12-01', '/pictures/abc/print', '/uppfoljning/ev1?lang=sv']) expect(isPrintablePath(p), p).toBe(true);
  });
  it('refuses everything else', () => {
    for (const p of ['', '/', '/pictures/abc', '/strategic', '/uppfoljning/a/b', '/uppfoljning/a b', '/api/me', '/uppfoljning/x?u=//e', `/uppfoljning/${'a'.repeat(65)}`]) expect(isPrintablePath(p), p).toBe(false);
  });
});
