/**
 * Studies shared by real worker processes, against SQLite and a real
 * PostgreSQL server (issue 16's required scenarios, issue 19 items 1–2):
 * many workers × hundreds of trials, SIGKILL of workers mid-trial, the server
 * restarted mid-study, two "hosts" (own process groups, own connection
 * strings, own host names — one of them killed whole and detected by its
 * missing heartbeats), and N workers × thousands of trials on one SQLite file.
 * Every scenario checks the same invariants: each trial number has exactly one
 * result, nothing a worker saw recorded is lost or changed, and a lost
 * attempt's retry has the same parameters.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../random/index.js';
import { summarize } from '../results.js';
import { runTuneSpec } from '../run.js';
import type { TrialRecord } from '../storage.js';
import { type Started, startWorker } from '../testdata/spawn.js';
import type { WorkerJob } from '../worker.js';
import { openStorage } from './open.js';
import { HOW_TO_ENABLE } from './testdata/postgres.js';
import { storageSuite } from './testdata/suite.test-util.js';

const { dir, pgOk, server } = storageSuite('scenarios');

let files = 0;
type Kind = 'sqlite' | 'postgres';
const kinds: Kind[] = pgOk ? ['sqlite', 'postgres'] : ['sqlite'];
if (!pgOk) console.warn(`the PostgreSQL scenarios are not run here: ${HOW_TO_ENABLE}`);

/** A fresh storage URL of a kind, and a second spelling of it (another "connection string"). */
async function fresh(kind: Kind): Promise<[string, string]> {
  if (kind === 'sqlite') {
    const f = join(dir, `w${files++}.db`);
    return [f, `sqlite://${f}`];
  }
  const url = await server().database();
  return [url, `${url}?application_name=other-host`];
}

const spec = (trials: number) => ({
  objective: { name: 'branin' as const },
  sampler: { name: 'random' as const },
  trials,
  seed: 11,
});

async function readAll(url: string): Promise<TrialRecord[]> {
  const s = await openStorage(url);
  try {
    const info = (await s.listStudies())[0]!;
    return await s.getTrials(info.id);
  } finally {
    await s.close();
  }
}

/** The invariants of a finished study of `n` trials run by `workers`. */
function checkFinished(trials: TrialRecord[], n: number, workers: Started[]): void {
  // n results, one per number; numbers lost maxAttempts times were given up and replaced.
  const complete = trials.filter((t) => t.state === 'complete').map((t) => t.number);
  expect(new Set(complete).size).toBe(n);
  const { givenUp } = summarize(trials);
  expect([...complete, ...givenUp].sort((a, b) => a - b)).toEqual(
    Array.from({ length: n + givenUp.length }, (_, i) => i),
  );
  expect(trials.filter((t) => t.state === 'running' || t.state === 'waiting')).toEqual([]);
  // Nothing recorded is lost or changed.
  const byId = new Map(trials.map((t) => [t.id, t]));
  for (const w of workers)
    for (const r of w.recorded) {
      expect(byId.get(r.id)?.state).toBe('complete');
      expect(byId.get(r.id)?.value).toBe(r.value);
    }
  // A retry runs the parameters of the attempt it replaces.
  for (const t of trials.filter((x) => x.interrupted)) {
    const next = trials.find((x) => x.number === t.number && x.attempt === t.attempt + 1);
    if (next) expect(next.params).toEqual(t.params);
  }
  expect(summarize(trials).counted).toBe(n);
}

const waitFor = async (cond: () => boolean, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for the workers');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.each(kinds)('a study shared by worker processes on %s', (kind) => {
  it('8 workers × 400 trials: exactly 400 results, no trial run twice or lost', async () => {
    const [url] = await fresh(kind);
    const job: WorkerJob = { storage: url, study: 'many', spec: spec(400) };
    const ws = Array.from({ length: 8 }, () => startWorker(job, { env: { WAIT_GO: '1' } }));
    await Promise.all(ws.map((w) => new Promise((r) => w.child.once('message', r))));
    for (const w of ws) w.child.send('go');
    for (const w of ws) expect((await w.exit).code).toBe(0);
    const trials = await readAll(url);
    expect(trials.length).toBe(400);
    checkFinished(trials, 400, ws);
    const started = ws.flatMap((w) => w.started).sort((a, b) => a - b);
    expect(started).toEqual(Array.from({ length: 400 }, (_, i) => i));
    expect(ws.filter((w) => w.started.length > 0).length).toBeGreaterThan(1);
  });

  it('SIGKILL of workers mid-trial at random moments: their trials are retried, the study finishes, nothing recorded is lost', async () => {
    const [url] = await fresh(kind);
    const n = 120;
    const job: WorkerJob = { storage: url, study: 'kill', spec: spec(n) };
    const env = { DELAY_MS: '15' };
    const ws: Started[] = Array.from({ length: 3 }, () => startWorker(job, { env }));
    const rng = new Rng(kind === 'sqlite' ? 1 : 2);
    const killed: Started[] = [];
    const alive = (w: Started) => w.child.exitCode === null && w.child.signalCode === null;
    // A worker is inside a trial when it started more trials than it saw recorded.
    const inside = () => ws.filter((w) => alive(w) && w.started.length > w.recorded.length);
    for (let k = 0; k < 5; k++) {
      await new Promise((r) => setTimeout(r, 50 + 250 * rng.uniform()));
      await waitFor(() => inside().length > 0 || ws.every((w) => !alive(w)));
      const candidates = inside();
      if (candidates.length === 0) break;
      const victim = candidates[Math.floor(rng.uniform() * candidates.length)]!;
      victim.child.kill('SIGKILL');
      killed.push(victim);
      ws.push(startWorker(job, { env }));
    }
    for (const w of ws) {
      const e = await w.exit;
      if (killed.includes(w)) expect(e.signal).toBe('SIGKILL');
      else expect(e.code).toBe(0);
    }
    const trials = await readAll(url);
    checkFinished(trials, n, ws);
    // Workers killed inside a trial left interrupted attempts (retried by others: checkFinished).
    const lost = trials.filter((t) => t.interrupted);
    expect(lost.length).toBeGreaterThan(0);
    for (const t of lost) {
      const pid = Number(t.workerId!.split(':').at(-2));
      expect(killed.map((w) => w.child.pid)).toContain(pid);
    }
  });

  it('two "hosts" (own process groups, connection strings and host names) share a study; a host killed whole is detected by its heartbeats', async () => {
    const [urlA, urlB] = await fresh(kind);
    const n = 150;
    const settings = { heartbeatMs: 100, graceMs: 800 };
    const jobA: WorkerJob = { storage: urlA, study: 'hosts', spec: spec(n), settings };
    const jobB: WorkerJob = { storage: urlB, study: 'hosts', spec: spec(n), settings };
    const a = [1, 2].map(() =>
      startWorker(jobA, { env: { DELAY_MS: '10', OPTLAB_HOST: 'host-a' } }),
    );
    const b = [1, 2].map(() =>
      startWorker(jobB, { env: { DELAY_MS: '40', OPTLAB_HOST: 'host-b' }, detached: true }),
    );
    // Once host b has results and both its workers are inside a trial:
    await waitFor(
      () =>
        b.reduce((s, w) => s + w.recorded.length, 0) >= 10 &&
        b.every((w) => w.started.length > w.recorded.length),
    );
    // Host b is lost whole, mid-trial: its process groups are killed.
    for (const w of b) process.kill(-w.child.pid!, 'SIGKILL');
    for (const w of b) expect((await w.exit).signal).toBe('SIGKILL');
    for (const w of a) expect((await w.exit).code).toBe(0);
    const trials = await readAll(urlA);
    checkFinished(trials, n, [...a, ...b]);
    const hosts = new Set(trials.map((t) => t.workerId!.split(':')[0]));
    expect([...hosts].sort()).toEqual(['host-a', 'host-b']);
    // Host a could not see host b's pids: b's trials in flight were failed by heartbeat age and rerun by a.
    const lost = trials.filter((t) => t.interrupted);
    expect(lost.length).toBeGreaterThan(0);
    for (const t of lost) {
      expect(t.workerId!.startsWith('host-b:')).toBe(true);
      expect(t.finishedAt! - t.heartbeatAt!).toBeGreaterThan(settings.graceMs);
      const retry = trials.find((x) => x.number === t.number && x.attempt === t.attempt + 1)!;
      expect(retry.workerId!.startsWith('host-a:')).toBe(true);
    }
  });
});

// only a cluster of the tests' own can be restarted (not OPTLAB_TEST_POSTGRES_URL's server)
if (pgOk && !process.env.OPTLAB_TEST_POSTGRES_URL)
  describe('PostgreSQL restarted mid-study', () => {
    it('workers reconnect with back-off and finish: exactly the budget, nothing recorded lost', async () => {
      const [url] = await fresh('postgres');
      const n = 200;
      const job: WorkerJob = { storage: url, study: 'restart', spec: spec(n) };
      const ws = Array.from({ length: 4 }, () => startWorker(job, { env: { DELAY_MS: '5' } }));
      await waitFor(() => ws.reduce((s, w) => s + w.recorded.length, 0) >= 40);
      await server().restart(1500);
      const atRestart = ws.reduce((s, w) => s + w.recorded.length, 0);
      for (const w of ws) expect((await w.exit).code).toBe(0);
      const trials = await readAll(url);
      checkFinished(trials, n, ws);
      expect(atRestart).toBeLessThan(n);
    });
  });

describe('one SQLite file hammered by worker processes (issue 19: "database is locked")', () => {
  it('4 workers × 3000 trials of a cheap objective through runTuneSpec: no error, 3000 results', async () => {
    const file = join(dir, 'hammer.db');
    const big = { ...spec(3000), objective: { name: 'rosenbrock' as const, dim: 4 } };
    const res = await runTuneSpec(big, { storage: file, study: 'hammer', workers: 4 });
    expect(res.trials.length).toBe(3000);
    const trials = await readAll(file);
    checkFinished(trials, 3000, []);
    expect(new Set(trials.map((t) => t.workerId)).size).toBeGreaterThan(1);
  }, 120_000);
});
