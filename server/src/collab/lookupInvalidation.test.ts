import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { closeCodeOf, connectLayer, synced } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { LOOKUP_TTL_MS } from './feature.ts';

/**
 * The gateway reuses a layer and the caller's right on it for LOOKUP_TTL_MS (issue 14: connect-time queries were
 * the Prisma share of a connection). These tests run well inside that time: every change made through the server
 * must reach the next connection at once, in both directions.
 */
describe('connect-time lookups follow every access change at once', () => {
  let t: TestApp;
  let base: string;
  const tok: Record<string, string> = {};
  const wsUrl = (layerId: string, token: string) => `${base.replace('http', 'ws')}/yjs/layer:${layerId}?token=${token}`;
  /** Opens a connection and reports whether it synced (true) or was refused (its close code). */
  async function opens(layerId: string, user: string): Promise<true | number> {
    const c = connectLayer(base, layerId, tok[user]);
    try {
      return await Promise.race([
        synced(c.provider).then(() => true as const),
        new Promise<number>((resolve) => c.provider.on('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0))),
      ]);
    } finally {
      c.provider.destroy();
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'partner.editor']) tok[u] = await t.login(u);
  }, 60_000);
  afterAll(() => t?.close());

  it('the TTL is long enough that only the events can explain what these tests see', () => {
    expect(LOOKUP_TTL_MS).toBeGreaterThanOrEqual(30_000);
  });

  it('a partner removed from a layer is refused on its next connect, and admitted again as soon as it is re-added', async () => {
    const layerId = DEMO_LAYER_IDS.joint;
    // Positive control, and it fills the cache with the partner's write right.
    expect(await opens(layerId, 'partner.editor')).toBe(true);
    expect(await opens(layerId, 'partner.editor')).toBe(true);
    const before = (await t.app.inject({ method: 'GET', url: `/api/layers/${layerId}/access`, headers: bearer(tok.commander) })).json().entries as Array<{
      subject: { id?: string };
    }>;
    const without = before.filter((e) => e.subject.id !== 'org-malmo-stad');
    expect(without.length).toBeLessThan(before.length);
    const put = (entries: unknown[]) => t.app.inject({ method: 'PUT', url: `/api/layers/${layerId}/access`, headers: bearer(tok.commander), payload: { entries } });
    expect((await put(without)).statusCode).toBe(200);
    const refused = await closeCodeOf(wsUrl(layerId, tok['partner.editor']));
    expect([4403, 4404]).toContain(refused.code);
    expect(refused.received).toBe(0);
    expect((await put(before)).statusCode).toBe(200);
    expect(await opens(layerId, 'partner.editor')).toBe(true);
  });

  it('an archived picture turns a cached write right into read at once: the next connection cannot write', async () => {
    const layerId = DEMO_LAYER_IDS.joint;
    const writer = connectLayer(base, layerId, tok['partner.editor']);
    await synced(writer.provider);
    writer.doc.getMap('features').set('written-while-open', 'x');
    const docs = t.caps.collab!.docs;
    const until = Date.now() + 5_000;
    while (!(await docs.readState(layerId)).getMap('features').has('written-while-open') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    // Positive control: the partner's write arrived while the picture was open.
    expect((await docs.readState(layerId)).getMap('features').has('written-while-open')).toBe(true);
    writer.provider.destroy();

    const status = await t.app.inject({ method: 'PATCH', url: `/api/pictures/${DEMO_PICTURE_ID}/status`, headers: bearer(tok.commander), payload: { status: 'archived' } });
    expect(status.statusCode).toBe(200);
    const late = connectLayer(base, layerId, tok['partner.editor']);
    const codes: number[] = [];
    late.provider.on('connection-close', (e: CloseEvent | null) => codes.push(e?.code ?? 0));
    await Promise.race([synced(late.provider), new Promise((r) => setTimeout(r, 3_000))]);
    late.doc.getMap('features').set('written-after-archiving', 'x');
    await new Promise((r) => setTimeout(r, 500));
    late.provider.destroy();
    expect((await docs.readState(layerId)).getMap('features').has('written-after-archiving')).toBe(false);
  });
});
