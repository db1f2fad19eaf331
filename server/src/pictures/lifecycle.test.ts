/**
 * Picture lifecycle (issue 17): open (`active`), closed, archived. A closed or archived picture is read-only on
 * every channel — REST rights, y-websocket writes (an open writer becomes read-only at once) — and an archived
 * one leaves the picture list; only its administrators change the status. Reopening gives writing back
 * (the positive control).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFeature } from '../../../shared/src/layerDoc.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { connectLayer, synced } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from './demoPicture.ts';

describe('picture lifecycle', () => {
  let t: TestApp;
  let base: string;
  const tok: Record<string, string> = {};
  const req = async (who: string, method: string, url: string, payload?: object) => {
    const r = await t.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${tok[who]}` }, ...(payload ? { payload } : {}) });
    return { status: r.statusCode, json: r.json() };
  };
  const access = async (who: string) => ((await req(who, 'GET', `/api/pictures/${DEMO_PICTURE_ID}`)).json.layers as { id: string; access: string }[]).map((l) => l.access);
  const featureIds = async () => ((await req('commander', 'GET', `/api/layers/${DEMO_LAYER_IDS.police}/features`)).json.features as { id: string }[]).map((f) => f.id);

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'analyst', 'partner.editor']) tok[u] = await t.login(u);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('closing makes every layer read-only, on REST and for an open y-websocket writer; reopening gives writing back', async () => {
    expect(await access('analyst')).toContain('write');
    const writer = connectLayer(base, DEMO_LAYER_IDS.police, tok.analyst);
    await synced(writer.provider);
    addFeature(writer.doc, 'before-close', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'analyst' });
    await expect.poll(featureIds, { timeout: 5_000 }).toContain('before-close');

    expect((await req('analyst', 'PATCH', `/api/pictures/${DEMO_PICTURE_ID}/status`, { status: 'closed' })).status).toBe(403);
    const closed = await req('commander', 'PATCH', `/api/pictures/${DEMO_PICTURE_ID}/status`, { status: 'closed' });
    expect(closed).toMatchObject({ status: 200, json: { status: 'closed' } });
    expect(new Set(await access('analyst'))).toEqual(new Set(['read']));
    expect(new Set(await access('commander'))).toEqual(new Set(['read']));
    // The commander still administers the picture itself (to reopen it); the analyst reads it.
    expect((await req('commander', 'GET', `/api/pictures/${DEMO_PICTURE_ID}`)).json).toMatchObject({ status: 'closed', right: 'admin' });
    expect((await req('analyst', 'GET', `/api/pictures/${DEMO_PICTURE_ID}`)).json).toMatchObject({ right: 'read' });
    expect(new Set(await access('partner.editor'))).toEqual(new Set(['read']));

    addFeature(writer.doc, 'after-close', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'analyst' });
    await new Promise((r) => setTimeout(r, 400));
    expect(await featureIds()).not.toContain('after-close');

    expect((await req('commander', 'PATCH', `/api/pictures/${DEMO_PICTURE_ID}/status`, { status: 'active' })).status).toBe(200);
    expect(await access('analyst')).toContain('write');
    // A fresh writer (the dropped edit above would otherwise hold back its later ones, as Yjs updates are causal).
    writer.provider.destroy();
    const again = connectLayer(base, DEMO_LAYER_IDS.police, tok.analyst);
    await synced(again.provider);
    addFeature(again.doc, 'after-reopen', { type: 'Point', coordinates: [13.001, 55.6] }, { createdBy: 'analyst' });
    await expect.poll(featureIds, { timeout: 5_000 }).toContain('after-reopen');
    expect(await featureIds()).not.toContain('after-close');
    again.provider.destroy();
  });

  it('an archived picture leaves the list, stays readable by id, and is listed with includeArchived', async () => {
    const ids = async (q = '') => ((await req('analyst', 'GET', `/api/pictures${q}`)).json.items as { id: string }[]).map((p) => p.id);
    expect(await ids()).toContain(DEMO_PICTURE_ID);
    expect((await req('commander', 'PATCH', `/api/pictures/${DEMO_PICTURE_ID}/status`, { status: 'archived' })).status).toBe(200);
    expect(await ids()).not.toContain(DEMO_PICTURE_ID);
    expect(await ids('?includeArchived=true')).toContain(DEMO_PICTURE_ID);
    const one = await req('analyst', 'GET', `/api/pictures/${DEMO_PICTURE_ID}`);
    expect(one).toMatchObject({ status: 200, json: { status: 'archived' } });
    expect(new Set((one.json.layers as { access: string }[]).map((l) => l.access))).toEqual(new Set(['read']));
    expect((await req('commander', 'PATCH', `/api/pictures/${DEMO_PICTURE_ID}/status`, { status: 'gone' })).status).toBe(400);
    expect((await req('commander', 'PATCH', `/api/pictures/${DEMO_PICTURE_ID}/status`, { status: 'active' })).status).toBe(200);
  });
});
