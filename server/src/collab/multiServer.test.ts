import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { addFeature, featuresMap } from '../../../shared/src/layerDoc.ts';
import { PG_BASE_URL } from '../../test/harness.ts';
import { featureIds, httpLogin, type ServerProcess, startServerProcess } from '../../test/process.ts';
import { connectLayer, synced, waitFor } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID } from '../pictures/demoPicture.ts';

// Two real server processes sharing the machine's PostgreSQL and Redis, as behind a load balancer.
describe('several server processes with Redis and PostgreSQL', () => {
  const schema = `t_multi_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_BASE_URL);
  url.searchParams.set('schema', schema);
  const env = { DATABASE_URL: url.toString(), REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    for (const s of servers) await s.kill('SIGTERM');
    const c = new pg.Client({ connectionString: PG_BASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  it('clients on different processes converge, survive each other, and events cross processes', async () => {
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
    const [a, b] = servers;
    const tokenA = await httpLogin(a.url, 'commander');
    const tokenB = await httpLogin(b.url, 'partner.editor');

    const ca = connectLayer(a.url, DEMO_LAYER_IDS.joint, tokenA);
    const cb = connectLayer(b.url, DEMO_LAYER_IDS.joint, tokenB);
    await Promise.all([synced(ca.provider), synced(cb.provider)]);
    for (let i = 0; i < 10; i++) {
      addFeature(ca.doc, `multi-a-${i}`, { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
      addFeature(cb.doc, `multi-b-${i}`, { type: 'Point', coordinates: [13.01, 55.6] }, { createdBy: 'partner.editor' });
    }
    await waitFor(() => featuresMap(ca.doc).has('multi-b-9') && featuresMap(cb.doc).has('multi-a-9'), 10_000, 'cross-process convergence');
    expect([...featuresMap(ca.doc).keys()].sort()).toEqual([...featuresMap(cb.doc).keys()].sort());

    // Both processes persisted into the same database without losing each other's edits.
    await new Promise((r) => setTimeout(r, 500));
    const stored = await featureIds(a.url, tokenA, DEMO_LAYER_IDS.joint);
    expect(stored).toEqual(expect.arrayContaining(['multi-a-9', 'multi-b-9', 'f-joint-1']));

    // An event raised on process A reaches a socket.io client connected to process B.
    const sb = io(b.url, { auth: { token: tokenB }, transports: ['websocket'], forceNew: true });
    const ack = (await sb.timeout(5_000).emitWithAck('picture:join', { pictureId: DEMO_PICTURE_ID })) as { ok: boolean };
    expect(ack.ok).toBe(true);
    const changed = new Promise<{ layer: { id: string } }>((resolve) => sb.on('layer.changed', resolve));
    const access = await fetch(`${a.url}/api/layers/${DEMO_LAYER_IDS.joint}/access`, { headers: { authorization: `Bearer ${tokenA}` } });
    const entries = ((await access.json()) as { entries: unknown[] }).entries;
    const put = await fetch(`${a.url}/api/layers/${DEMO_LAYER_IDS.joint}/access`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entries }),
    });
    expect(put.status).toBe(200);
    const ev = await changed;
    expect(ev.layer.id).toBe(DEMO_LAYER_IDS.joint);

    // Revoking Malmö stad on process A cuts off the partner's document connection on process B.
    const codes: number[] = [];
    cb.provider.on('connection-close', (e: CloseEvent | null) => e && codes.push(e.code));
    const without = (entries as Array<{ subject: { id?: string } }>).filter((e) => e.subject.id !== 'org-malmo-stad');
    await fetch(`${a.url}/api/layers/${DEMO_LAYER_IDS.joint}/access`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entries: without }),
    });
    await waitFor(() => codes.includes(4403), 2_000, 'remote revocation');
    sb.disconnect();
    ca.provider.destroy();
    cb.provider.destroy();
  }, 180_000);
});
