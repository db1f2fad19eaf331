import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addFeature } from '../../../shared/src/layerDoc.ts';
import { TEST_PASSWORD } from '../../test/harness.ts';
import { featureIds, freePort, httpLogin, type ServerProcess, startServerProcess } from '../../test/process.ts';
import { connectLayer, synced, waitFor } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS } from '../pictures/demoPicture.ts';

/** A login whose body arrives in two halves: the request is in flight between them. */
function slowLogin(base: string): { finish(): void; answer: Promise<number> } {
  const body = JSON.stringify({ username: 'commander', password: TEST_PASSWORD });
  const half = Math.floor(body.length / 2);
  let finish = () => {};
  const answer = new Promise<number>((resolve, reject) => {
    const req = request(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.write(body.slice(0, half));
    finish = () => req.end(body.slice(half));
  });
  return { finish: () => finish(), answer };
}

describe('graceful drain on SIGTERM (a real server process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-drain-'));
  const env = { DATABASE_URL: `file:${join(dir, 'db.sqlite')}`, SHUTDOWN_DRAIN_SECONDS: '1.5' };
  const running: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of running) await s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns not ready, answers the request in flight, closes document sockets with 1001 after writing their edits, exits 0', async () => {
    const port = await freePort();
    const server = await startServerProcess({ ...env, PORT: String(port) });
    running.push(server);
    const token = await httpLogin(server.url, 'partner.editor');
    const c = connectLayer(server.url, DEMO_LAYER_IDS.joint, token);
    await synced(c.provider);
    const codes: number[] = [];
    c.provider.on('connection-close', (e: CloseEvent | null) => {
      if (e) codes.push(e.code);
      // The stock client reconnects by itself; here it must stay away so the process can end.
      c.provider.shouldConnect = false;
    });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    const slow = slowLogin(server.url);
    await new Promise((r) => setTimeout(r, 100));
    const exited = server.kill('SIGTERM');
    addFeature(c.doc, 'drain-1', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });

    // Draining: the load balancer is told to send nothing new, the process itself is alive and still answers.
    let ready = 200;
    for (let i = 0; i < 20 && ready === 200; i++) {
      ready = (await fetch(`${server.url}/readyz`)).status;
      if (ready === 200) await new Promise((r) => setTimeout(r, 25));
    }
    expect(ready).toBe(503);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(codes).toEqual([]);

    // Past the drain delay the server is closing; the half-sent request is still answered in full.
    await new Promise((r) => setTimeout(r, 1_800));
    slow.finish();
    expect(await slow.answer).toBe(200);
    await waitFor(() => codes.length > 0, 5_000, 'the document socket to close');
    expect(codes[0]).toBe(1001);
    expect(await exited).toBe(0);
    expect(server.output()).toMatch(/draining: readiness answers 503/);
    c.provider.destroy();

    // The edit made after SIGTERM was written before the sockets closed.
    const again = await startServerProcess({ ...env, PORT: String(port) });
    running.push(again);
    expect(await featureIds(again.url, await httpLogin(again.url, 'commander'), DEMO_LAYER_IDS.joint)).toContain('drain-1');
    await again.kill('SIGTERM');
  }, 60_000);
});
