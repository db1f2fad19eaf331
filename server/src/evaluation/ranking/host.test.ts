import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../paths.ts';
import { startWorker } from '../../workerThread.ts';
import { modelAccuracy } from '../core/riskAccuracy.ts';
import type { RankReply, RankRequest } from './protocol.ts';
import { MAX_RANKING_WORKERS, rankingWorkersBusy, rankModelsInWorker } from './host.ts';

/** Scores with ties, NaN (outside an RTM study area) and zeros; counts mostly zero, as test periods are. */
function scores(n: number, seed: number): { obs: Float64Array; a: Float64Array; b: Float64Array } {
  let s = seed;
  const rnd = () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const obs = Float64Array.from({ length: n }, () => (rnd() < 0.05 ? Math.floor(rnd() * 4) + 1 : 0));
  const a = Float64Array.from({ length: n }, () => (rnd() < 0.02 ? Number.NaN : Math.round(rnd() * 50) / 10));
  const b = Float64Array.from({ length: n }, () => rnd());
  return { obs, a, b };
}

function request(n: number, seed: number): Omit<RankRequest, 'type'> {
  const { obs, a, b } = scores(n, seed);
  const reason = { sv: 'Ingen RTM-körning.', en: 'No RTM run.' };
  return {
    obs,
    coverages: [0.01, 0.05, 0.1],
    models: [
      { key: 'rtm', score: a },
      { key: 'rtm_nearrepeat', score: null, reason },
      { key: 'kde', score: b },
      { key: 'prior_counts', score: obs },
    ],
  };
}

const inProcess = (r: Omit<RankRequest, 'type'>) => r.models.map((m) => modelAccuracy(m.key, m.score, r.obs, r.coverages, m.reason));

/** The longest the event loop went without running a 5 ms interval while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    clearInterval(timer);
  }
  return longest;
}

describe('risk-accuracy rankings in a worker thread', () => {
  it('give exactly what ranking in the process gives (ties, NaN, an unavailable model)', async () => {
    const req = request(20_000, 7);
    const expected = inProcess(req);
    expect(expected[0]?.available).toBe(true);
    expect(expected[1]).toMatchObject({ available: false, reason: { en: 'No RTM run.' } });
    expect(await rankModelsInWorker(req)).toEqual(expected);
  });

  it('leave the event loop its turns, where ranking in the process holds it for the whole sort', async () => {
    const req = request(400_000, 11);
    // Positive control: the same ranking on the event loop stalls it for at least one model's sort.
    const blocked = await longestStall(async () => inProcess(req));
    const free = await longestStall(() => rankModelsInWorker(req));
    expect(blocked).toBeGreaterThan(100);
    expect(free).toBeLessThan(blocked / 2);
  });

  it(`run at most ${MAX_RANKING_WORKERS} at once; the others wait their turn and all are answered`, async () => {
    const reqs = [1, 2, 3, 4, 5].map((seed) => request(30_000, seed));
    let busiest = 0;
    const watch = setInterval(() => {
      busiest = Math.max(busiest, rankingWorkersBusy());
    }, 1);
    try {
      const pending = reqs.map((r) => rankModelsInWorker(r));
      busiest = Math.max(busiest, rankingWorkersBusy());
      const answers = await Promise.all(pending);
      expect(answers).toEqual(reqs.map(inProcess));
    } finally {
      clearInterval(watch);
    }
    expect(busiest).toBe(MAX_RANKING_WORKERS);
    expect(rankingWorkersBusy()).toBe(0);
  });
});

describe('the compiled server ranks in its own worker bundle', () => {
  // Inside the repository so that the bundle's external packages resolve from its node_modules.
  const out = join(repoRoot, 'node_modules', '.cache', `lagesbild-ranking-build-${process.pid}`);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('scripts/build.mjs writes ranking-worker.js beside the server chunks, and it answers a request', async () => {
    const built = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--server', `--server-out=${out}`], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(built.status, built.stderr).toBe(0);
    // As the compiled host finds it: the bundle named beside the calling chunk.
    const w = startWorker(pathToFileURL(join(out, 'cli.js')).href, './entry.ts', 'ranking-worker');
    const req = request(5_000, 3);
    const reply = await new Promise<RankReply>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage({ type: 'rank', ...req } satisfies RankRequest);
    });
    await w.terminate();
    expect(reply).toEqual({ type: 'result', models: inProcess(req) });
  }, 120_000);
});
