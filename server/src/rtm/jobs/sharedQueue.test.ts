import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_BASE_URL } from '../../../test/harness.ts';
import { httpLogin, type ServerProcess, startServerProcess } from '../../../test/process.ts';
import { waitFor } from '../../../test/yclient.ts';
import { DEMO_PICTURE_ID } from '../../pictures/demoPicture.ts';
import { queueStudy } from '../../../test/rtmStudy.ts';

interface Progress {
  runId: string;
  progress: number;
}

// Real server processes on the machine's PostgreSQL and Redis, as behind a load balancer.
describe('RTM runs on the shared job queue (BullMQ), several processes', () => {
  const schema = `t_rtmq_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_BASE_URL);
  url.searchParams.set('schema', schema);
  const env = { DATABASE_URL: url.toString(), REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', RTM_STALLED_SECONDS: '2' };
  const servers: ServerProcess[] = [];
  const sockets: Socket[] = [];

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const s of servers) await s.kill('SIGKILL');
    const c = new pg.Client({ connectionString: PG_BASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  async function liveProgress(server: ServerProcess, token: string): Promise<Progress[]> {
    const s = io(server.url, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(s);
    const seen: Progress[] = [];
    s.on('rtm.progress', (e: Progress) => seen.push(e));
    const ack = (await s.timeout(5_000).emitWithAck('picture:join', { pictureId: DEMO_PICTURE_ID })) as { ok: boolean };
    expect(ack.ok).toBe(true);
    return seen;
  }

  const runner = (runId: string) => servers.find((s) => s.proc.exitCode === null && s.proc.signalCode === null && s.output().includes(runId) && /taken from the shared queue/.test(s.output()));
  const startedOn = (s: ServerProcess, runId: string) => s.output().split('\n').some((l) => l.includes(runId) && l.includes('taken from the shared queue'));

  async function status(base: string, token: string, runId: string): Promise<string> {
    const res = await fetch(`${base}/api/rtm/runs/${runId}`, { headers: { authorization: `Bearer ${token}` } });
    return ((await res.json()) as { status: string }).status;
  }

  it('cancel works from any process; a run whose process is killed is taken over by another and completes; progress reaches every process', async () => {
    servers.push(await startServerProcess(env), await startServerProcess(env));
    const [a, b] = servers;
    const tokenA = await httpLogin(a.url, 'analyst');
    const tokenB = await httpLogin(b.url, 'analyst');
    const progressA = await liveProgress(a, tokenA);
    const progressB = await liveProgress(b, tokenB);
    const post = async (s: ServerProcess, token: string) => {
      const res = await fetch(`${s.url}/api/rtm/studies`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...queueStudy(110, 8), pictureId: DEMO_PICTURE_ID }) });
      expect(res.status).toBe(202);
      return ((await res.json()) as { runId: string }).runId;
    };
    const runningIn = async (s: ServerProcess) => {
      const text = await (await fetch(`${s.url}/metrics`)).text();
      return Number(/^lagesbild_rtm_queue_depth\{state="running"\} (\S+)$/m.exec(text)?.[1]);
    };

    // Cancelled through the process that is not running it: the running one notices at its next progress write.
    const cancelled = await post(b, tokenB);
    await waitFor(() => runner(cancelled) !== undefined, 15_000, 'a process to take the run');
    const busy = runner(cancelled)!;
    const idle = busy === a ? b : a;
    const cancel = await fetch(`${idle.url}/api/rtm/runs/${cancelled}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${tokenA}` } });
    expect(cancel.status).toBe(200);
    expect(await status(busy.url, tokenA, cancelled)).toBe('cancelled');
    let running = 1;
    for (let i = 0; i < 80 && running !== 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      running = await runningIn(idle);
    }
    expect(running).toBe(0);

    // Whichever process takes the next run, both processes' clients see its progress.
    const runId = await post(a, tokenA);
    await waitFor(() => servers.some((s) => startedOn(s, runId)), 15_000, 'a process to take the run');
    const first = servers.find((s) => startedOn(s, runId))!;
    const other = first === a ? b : a;
    await waitFor(() => progressA.some((p) => p.runId === runId) && progressB.some((p) => p.runId === runId), 15_000, 'progress on both processes');

    // kill -9 mid-run: the lock is not renewed, the other process finds the run stalled and runs it to the end.
    expect(await status(other.url, tokenA, runId)).toBe('running');
    await first.kill('SIGKILL');
    await waitFor(() => startedOn(other, runId), 20_000, 'the other process to take the run over');
    expect(other.output()).toMatch(new RegExp(`"runId":"${runId}","takeover":true`));
    let final = 'running';
    for (let i = 0; i < 240 && final === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      final = await status(other.url, tokenA, runId);
    }
    expect(final).toBe('completed');
  }, 120_000);

  it('a process stopped gracefully (SIGTERM) hands its run to another at once, which completes it', async () => {
    servers.push(await startServerProcess(env));
    const alive = servers.filter((s) => s.proc.exitCode === null && s.proc.signalCode === null);
    expect(alive.length).toBe(2);
    const token = await httpLogin(alive[0].url, 'analyst');
    const res = await fetch(`${alive[0].url}/api/rtm/studies`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ...queueStudy(110, 8), pictureId: DEMO_PICTURE_ID }) });
    const { runId } = (await res.json()) as { runId: string };
    await waitFor(() => alive.some((s) => startedOn(s, runId)), 15_000, 'a process to take the run');
    const first = alive.find((s) => startedOn(s, runId))!;
    const other = alive.find((s) => s !== first)!;
    expect(await first.kill('SIGTERM')).toBe(0);
    // Handed back, not failed: the other process starts it again without waiting for a lock to lapse.
    await waitFor(() => startedOn(other, runId), 10_000, 'the other process to take the handed-over run');
    // The stopping process stopped taking runs before it handed this one back: it was not given it again (each time
    // would use up one of the run's attempts, and the run failed once they were gone before the other process got it).
    expect(first.output()).not.toContain('given to a stopping process');
    let final = 'running';
    for (let i = 0; i < 240 && final === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      final = await status(other.url, token, runId);
    }
    expect(final).toBe('completed');
  }, 90_000);
});
