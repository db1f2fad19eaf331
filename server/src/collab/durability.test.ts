import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addFeature, featuresMap } from '../../../shared/src/layerDoc.ts';
import { featureIds, freePort, httpLogin, type ServerProcess, startServerProcess } from '../../test/process.ts';
import { connectLayer, synced, waitFor } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS } from '../pictures/demoPicture.ts';

const LAYER = DEMO_LAYER_IDS.joint;

describe('durability of layer documents across restarts and kills (real server processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-durable-'));
  const env = { DATABASE_URL: `file:${join(dir, 'db.sqlite')}` };
  const running: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of running) await s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(port: number) {
    const s = await startServerProcess({ ...env, PORT: String(port) });
    running.push(s);
    return s;
  }

  it('a graceful shutdown loses nothing', async () => {
    const port = await freePort();
    let server = await start(port);
    const token = await httpLogin(server.url, 'partner.editor');
    const c = connectLayer(server.url, LAYER, token);
    await synced(c.provider);
    addFeature(c.doc, 'graceful-1', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    // Well inside the store debounce: only the shutdown flush can save it.
    await new Promise((r) => setTimeout(r, 30));
    c.provider.destroy();
    expect(await server.kill('SIGTERM')).toBe(0);
    server = await start(port);
    expect(await featureIds(server.url, await httpLogin(server.url, 'commander'), LAYER)).toContain('graceful-1');
    await server.kill('SIGTERM');
  }, 180_000);

  it('after kill -9 at most the last second is lost, and a reconnecting client re-sends its edits', async () => {
    const port = await freePort();
    let server = await start(port);
    const token = await httpLogin(server.url, 'partner.editor');
    const c = connectLayer(server.url, LAYER, token);
    await synced(c.provider);
    addFeature(c.doc, 'before-kill', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await new Promise((r) => setTimeout(r, 1_100));
    addFeature(c.doc, 'just-before-kill', { type: 'Point', coordinates: [13.01, 55.6] }, { createdBy: 'partner.editor' });
    await server.kill('SIGKILL');
    // Edited while the server is down: lives only in this client.
    addFeature(c.doc, 'while-down', { type: 'Point', coordinates: [13.02, 55.6] }, { createdBy: 'partner.editor' });

    server = await start(port);
    const fresh = await httpLogin(server.url, 'commander');
    // Persisted more than a second before the kill: there without any client's help.
    expect(await featureIds(server.url, fresh, LAYER)).toContain('before-kill');
    // The old client reconnects by itself (same token: sessions survive restarts) and syncs what it has.
    await waitFor(() => c.provider.wsconnected && c.provider.synced, 15_000, 'reconnect');
    const d = connectLayer(server.url, LAYER, fresh);
    await synced(d.provider);
    await waitFor(() => featuresMap(d.doc).has('while-down') && featuresMap(d.doc).has('just-before-kill'), 5_000, 're-sent edits');
    await new Promise((r) => setTimeout(r, 400));
    expect(await featureIds(server.url, fresh, LAYER)).toEqual(expect.arrayContaining(['before-kill', 'just-before-kill', 'while-down']));
    c.provider.destroy();
    d.provider.destroy();
    await server.kill('SIGTERM');
  }, 180_000);
});
