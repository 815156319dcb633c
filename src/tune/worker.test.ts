import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTuneSpec } from './run.js';
import { SqliteStorage } from './storage/sqlite.js';
import type { TrialRecord } from './storage.js';
import { type StartOptions, startWorker } from './testdata/spawn.js';
import type { WorkerJob } from './worker.js';

const dir = mkdtempSync(join(tmpdir(), 'optlab-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (
  job: WorkerJob,
  env: Record<string, string> = {},
  onStart?: StartOptions['onStart'],
) => startWorker(job, { env, ...(onStart ? { onStart } : {}) });

async function readTrials(file: string): Promise<TrialRecord[]> {
  const s = new SqliteStorage(file);
  const t = await s.getTrials(1);
  await s.close();
  return t;
}

const spec = (trials: number) => ({
  objective: { name: 'branin' as const },
  sampler: { name: 'random' as const },
  trials,
  seed: 5,
});

describe('worker processes sharing an SQLite study', () => {
  it('SIGKILL during a trial, then resume: nothing finished is lost, the trial is re-run, totals add up', async () => {
    const file = join(dir, 'kill.db');
    const job: WorkerJob = { storage: file, study: 'k', spec: spec(10) };
    const first = start(job, { HANG_AT: '4' }, (n, w) => {
      if (n === 4) w.child.kill('SIGKILL');
    });
    expect((await first.exit).signal).toBe('SIGKILL');
    expect(first.recorded.map((r) => r.number)).toEqual([0, 1, 2, 3]);
    const before = await readTrials(file);
    expect(before.map((t) => [t.number, t.state])).toEqual([
      [0, 'complete'],
      [1, 'complete'],
      [2, 'complete'],
      [3, 'complete'],
      [4, 'running'],
    ]);

    const second = start(job);
    expect((await second.exit).code).toBe(0);
    // The resumed worker re-ran only the interrupted trial and the rest of the budget.
    expect(second.started).toEqual([4, 5, 6, 7, 8, 9]);
    const after = await readTrials(file);
    expect(after.length).toBe(11); // 10 trial numbers + 1 failed attempt
    for (const t of before.slice(0, 4)) expect(after.find((a) => a.id === t.id)).toEqual(t);
    const four = after.filter((t) => t.number === 4);
    expect(four.map((t) => [t.attempt, t.state])).toEqual([
      [0, 'failed'],
      [1, 'complete'],
    ]);
    expect(four[1]!.params).toEqual(four[0]!.params);
    const complete = after.filter((t) => t.state === 'complete');
    expect(complete.map((t) => t.number).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);

    // The same trials as an uninterrupted run of the spec.
    const clean = await runTuneSpec(spec(10));
    const byNumber = complete.sort((a, b) => a.number - b.number);
    expect(byNumber.map((t) => ({ params: t.params, value: t.value }))).toEqual(clean.trials);
  });

  it('two workers on one study never evaluate the same trial', async () => {
    const file = join(dir, 'two.db');
    const job: WorkerJob = { storage: file, study: 'two', spec: spec(16) };
    const env = { DELAY_MS: '40', WAIT_GO: '1' };
    const a = start(job, env);
    const b = start(job, env);
    // Release both at once, when both have booted.
    await Promise.all([a, b].map((w) => new Promise((r) => w.child.once('message', r))));
    a.child.send('go');
    b.child.send('go');
    expect((await a.exit).code).toBe(0);
    expect((await b.exit).code).toBe(0);
    const all = [...a.started, ...b.started].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const trials = await readTrials(file);
    expect(trials.length).toBe(16);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    // Both took part, and each trial row names the one worker that ran it.
    expect(a.started.length).toBeGreaterThan(0);
    expect(b.started.length).toBeGreaterThan(0);
    expect(new Set(trials.map((t) => t.workerId)).size).toBe(2);
  });

  it('runTuneSpec with workers: 2 forks the worker entry and gives the same trials as one worker', async () => {
    const file = join(dir, 'spec.db');
    const res = await runTuneSpec(spec(12), { storage: file, study: 'cli', workers: 2 });
    const one = await runTuneSpec(spec(12));
    const key = (t: { params: unknown; value: number }) => JSON.stringify(t);
    expect(res.trials.map(key).sort()).toEqual(one.trials.map(key).sort());
    expect(res.best).toEqual(one.best);
  });
});
