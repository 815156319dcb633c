import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from './memoryStorage.js';
import { TrialPruned } from './objective.js';
import { medianPruner } from './pruner.js';
import { trialsTable } from './results.js';
import { randomSampler } from './sampler.js';
import { SqliteStorage } from './storage/sqlite.js';
import type { StudyStorage } from './storage.js';
import { Study } from './study.js';
import { branin } from './testObjectives.js';

const dir = mkdtempSync(join(tmpdir(), 'optlab-study-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const stores: [string, () => StudyStorage][] = [
  ['memory', () => new MemoryStorage()],
  ['sqlite', () => new SqliteStorage(join(dir, `s${files++}.db`))],
];

describe.each(stores)('Study on %s storage', (_, make) => {
  it('runs the budget, stores params, values and best-so-far', async () => {
    const storage = make();
    const study = await Study.open({
      storage,
      space: branin.space,
      sampler: randomSampler(),
      seed: 1,
    });
    await study.optimize(branin.evaluate, { nTrials: 8 });
    const trials = await study.trials();
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    for (const t of trials) expect(t.value).toBe(branin.evaluate(t.params, null as never));
    const table = trialsTable(trials);
    let best = Number.POSITIVE_INFINITY;
    for (const row of table) {
      best = Math.min(best, row.value!);
      expect(row.bestSoFar).toBe(best);
    }
    // Extending the budget resumes with the next numbers.
    await study.optimize(branin.evaluate, { nTrials: 10 });
    expect((await study.trials()).length).toBe(10);
    await storage.close();
  });

  it('a trial left running by a dead worker is failed and re-run with the same parameters', async () => {
    const storage = make();
    const open = () =>
      Study.open({ storage, space: branin.space, sampler: randomSampler(), seed: 2 });
    const first = await open();
    // Claim trial 0 as a worker whose process no longer exists (pid 2^31 − 2).
    const host = process.env.HOSTNAME ?? 'localhost';
    const claim = await storage.claimTrial({
      studyId: first.info.id,
      workerId: `${host}:2147483646:0`,
      nTrials: 5,
      maxAttempts: 3,
      isStale: () => false,
      needsHistory: false,
      propose: (n) =>
        randomSampler().sample({
          space: first.space,
          number: n,
          seed: 2,
          nTrials: 5,
          finished: [],
        }),
    });
    expect(claim.kind).toBe('trial');
    const resumed = await open();
    await resumed.optimize(branin.evaluate, { nTrials: 5 });
    const trials = await resumed.trials();
    const zero = trials.filter((t) => t.number === 0);
    expect(zero.map((t) => [t.attempt, t.state])).toEqual([
      [0, 'failed'],
      [1, 'complete'],
    ]);
    expect(zero[1]!.params).toEqual(zero[0]!.params);
    expect(trials.filter((t) => t.state === 'complete').length).toBe(5);
    await storage.close();
  });

  it('stores intermediate values and prunes with the median rule', async () => {
    const storage = make();
    const study = await Study.open({
      storage,
      space: branin.space,
      sampler: randomSampler(),
      seed: 3,
      pruner: medianPruner({ startupTrials: 3 }),
    });
    // A "training curve" that decays from 2·f towards f over 5 steps.
    await study.optimize(
      async (p, trial) => {
        const f = branin.evaluate(p, trial) as number;
        for (let step = 1; step <= 5; step++) {
          await trial.report(step, f * (1 + 1 / step));
          if (trial.shouldPrune()) throw new TrialPruned();
        }
        return f;
      },
      { nTrials: 12 },
    );
    const trials = await study.trials();
    const pruned = trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) {
      expect(t.value).toBe(t.intermediate[t.intermediate.length - 1]![1]);
      expect(t.intermediate.length).toBeLessThan(5);
    }
    const complete = trials.filter((t) => t.state === 'complete');
    for (const t of complete) expect(t.intermediate.map(([s]) => s)).toEqual([1, 2, 3, 4, 5]);
    await storage.close();
  });

  it('records a throwing objective as failed and rethrows; NaN fails quietly', async () => {
    const storage = make();
    const study = await Study.open({ storage, space: branin.space, sampler: randomSampler() });
    await expect(
      study.optimize(
        () => {
          throw new Error('boom');
        },
        { nTrials: 3 },
      ),
    ).rejects.toThrow('boom');
    await study.optimize(() => Number.NaN, { nTrials: 3 });
    const trials = await study.trials();
    expect(trials.map((t) => [t.state, t.error])).toEqual([
      ['failed', 'boom'],
      ['failed', 'objective returned NaN'],
      ['failed', 'objective returned NaN'],
    ]);
    await storage.close();
  });

  it('a claim whose answer was lost (the trial is this worker’s but it is not running it) is failed and re-run', async () => {
    const storage = make();
    const study = await Study.open({
      storage,
      space: branin.space,
      sampler: randomSampler(),
      seed: 6,
    });
    // The storage committed a claim for this worker, but the worker never heard of it.
    const lost = await storage.claimTrial({
      studyId: study.info.id,
      workerId: study.workerId,
      nTrials: 3,
      maxAttempts: 3,
      isStale: () => false,
      needsHistory: false,
      propose: (n) =>
        randomSampler().sample({
          space: study.space,
          number: n,
          seed: 6,
          nTrials: 3,
          finished: [],
        }),
    });
    expect(lost.kind).toBe('trial');
    await study.optimize(branin.evaluate, { nTrials: 3 });
    const trials = await study.trials();
    expect(trials.map((t) => [t.number, t.attempt, t.state, t.interrupted])).toEqual([
      [0, 0, 'failed', true],
      [0, 1, 'complete', false],
      [1, 0, 'complete', false],
      [2, 0, 'complete', false],
    ]);
    expect(trials[1]!.params).toEqual(trials[0]!.params);
    await storage.close();
  });

  it('sends heartbeats while a trial runs, at the interval stored with the study', async () => {
    const storage = make();
    const study = await Study.open({
      storage,
      space: branin.space,
      sampler: randomSampler(),
      settings: { heartbeatMs: 20 },
    });
    expect(study.info.settings.heartbeatMs).toBe(20);
    const beats: number[] = [];
    await study.optimize(
      async (p, trial) => {
        for (let i = 0; i < 4; i++) {
          await new Promise((r) => setTimeout(r, 60));
          beats.push((await study.trials())[0]!.heartbeatAt!);
        }
        return branin.evaluate(p, trial) as number;
      },
      { nTrials: 1 },
    );
    // Every 60 ms at least one beat of 20 ms landed: the stored time keeps moving.
    for (let i = 1; i < beats.length; i++) expect(beats[i]!).toBeGreaterThan(beats[i - 1]!);
    await expect(
      Study.open({
        storage,
        space: branin.space,
        sampler: randomSampler(),
        settings: { graceMs: 0 },
      }),
    ).rejects.toThrow(/graceMs must be a number ≥ 10/);
    await storage.close();
  });

  it('refuses to reopen a study with a different configuration', async () => {
    const storage = make();
    await Study.open({
      storage,
      name: 'x',
      space: branin.space,
      sampler: randomSampler(),
      seed: 1,
    });
    await expect(
      Study.open({ storage, name: 'x', space: branin.space, sampler: randomSampler(), seed: 2 }),
    ).rejects.toThrow(/different configuration/);
    await storage.close();
  });
});

describe('Study options are checked once, naming the option', () => {
  const open = (extra: object = {}) =>
    Study.open({
      storage: new MemoryStorage(),
      space: branin.space,
      sampler: randomSampler(),
      ...extra,
    });
  it('optimize: a misspelt option, a negative budget, no budget at all', async () => {
    const s = await open();
    await expect(s.optimize(branin.evaluate, { nTrial: 3 } as object)).rejects.toThrow(
      'optimize: unknown option nTrial (did you mean nTrials?)',
    );
    await expect(s.optimize(branin.evaluate, { nTrials: -1 })).rejects.toThrow(
      'optimize: option nTrials must be a number ≥ 0, got -1',
    );
    await expect(s.optimize(branin.evaluate)).rejects.toThrow(
      'optimize: option nTrials is required (the study has no stored budget)',
    );
    await s.optimize(branin.evaluate, { nTrials: 2 });
    expect((await s.trials()).length).toBe(2);
  });
  it('open: a non-finite seed, worker settings out of range or misspelt', async () => {
    await expect(open({ seed: Number.NaN })).rejects.toThrow('study: option seed');
    await expect(open({ settings: { graceMs: 5 } })).rejects.toThrow(
      'study settings: option graceMs must be a number ≥ 10, got 5',
    );
    await expect(open({ settings: { maxAttempt: 2 } })).rejects.toThrow(
      'study settings: unknown option maxAttempt (did you mean maxAttempts?)',
    );
  });
});
