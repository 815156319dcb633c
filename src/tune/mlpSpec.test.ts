import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../data/index.js';
import { MemoryStorage } from './memoryStorage.js';
import { MLP_MNIST_DEFAULTS, mlpMnistConfig, mlpMnistObjective } from './mlpSpec.js';
import { mlpMnistSplit } from './mlpTrain.js';
import type { Pruner } from './pruner.js';
import { runTuneSpec } from './run.js';
import { randomSampler } from './sampler.js';
import { makeObjective, parseTuneSpec } from './spec.js';
import { Study } from './study.js';

/** A network and data small enough for a test: 784-16-10, 60 samples, 2 epochs. */
const tiny: {
  hidden: number[];
  epochs: number;
  trainSize: number;
  batchSize: number;
  lr: [number, number];
} = {
  hidden: [16],
  epochs: 2,
  trainSize: 60,
  batchSize: 20,
  lr: [1e-2, 0.5],
};

describe('mlp-mnist objective', () => {
  it('defaults to DLFS §6.5: 784-[100×6]-10, 500 samples, 20 % validation, 50 epochs of 100', () => {
    const c = mlpMnistConfig();
    expect(c.hidden).toEqual([100, 100, 100, 100, 100, 100]);
    expect([c.trainSize, c.validation, c.epochs, c.batchSize]).toEqual([500, 0.2, 50, 100]);
    expect(c.lr).toEqual([1e-6, 1e-2]); // 10^U(−6, −2)
    expect(c.weightDecay).toEqual([1e-8, 1e-4]); // 10^U(−8, −4)
    expect(MLP_MNIST_DEFAULTS.minibatches).toBe('replacement');
    // the tune command minimises (CONTRACT): the spec's objective is the validation error
    const o = makeObjective({ name: 'mlp-mnist' });
    expect(o.direction).toBe('minimize');
    expect(mlpMnistObjective().direction).toBe('maximize');
    expect(o.space).toEqual({
      lr: { type: 'loguniform', low: 1e-6, high: 1e-2 },
      weightDecay: { type: 'loguniform', low: 1e-8, high: 1e-4 },
    });
  });

  it('rejects bad fields with the field path', () => {
    const spec = (objective: unknown) => ({ objective, sampler: { name: 'random' }, trials: 1 });
    expect(() => parseTuneSpec(spec({ name: 'mlp-mnist', lr: [1e-2, 1e-3] }))).toThrow(
      /objective\.lr/,
    );
    expect(() => parseTuneSpec(spec({ name: 'mlp-mnist', trainSize: 4, validation: 0.1 }))).toThrow(
      /objective\.validation.*leaves 0 validation/,
    );
    expect(() => parseTuneSpec(spec({ name: 'mlp-mnist', epoch: 3 }))).toThrow(
      'tune spec: unknown option objective.epoch (did you mean epochs?)',
    );
  });

  it('holds the validation rows apart: disjoint, drawn from the training part only', () => {
    const c = mlpMnistConfig({ trainSize: 100, validation: 0.2 });
    const s = mlpMnistSplit(c);
    const full = loadDataset('mnist').train;
    expect([s.train.n, s.validation.n]).toEqual([80, 20]);
    const all = new Set([...s.indices.train, ...s.indices.validation]);
    expect(all.size).toBe(100);
    for (const i of all) expect(i >= 0 && i < full.n).toBe(true);
    // Row k of the validation set is row indices.validation[k] of the training part.
    const k = 7;
    const i = s.indices.validation[k]!;
    expect(s.validation.y[k]).toBe(full.y[i]);
    expect(Array.from(s.validation.x.subarray(k * 784, (k + 1) * 784))).toEqual(
      Array.from(full.x.subarray(i * 784, (i + 1) * 784)),
    );
  });

  it('reports the validation error per epoch and returns the last one (1 − accuracy), deterministically', async () => {
    const r = await runTuneSpec({
      objective: { name: 'mlp-mnist', ...tiny },
      sampler: { name: 'random' },
      trials: 3,
      seed: 4,
    });
    expect(r.trials).toHaveLength(3);
    for (const t of r.trials) {
      expect(t.value).toBeGreaterThanOrEqual(0);
      expect(t.value).toBeLessThanOrEqual(1);
      // 12 validation samples: the error is a multiple of 1/12.
      expect(Math.abs(t.value * 12 - Math.round(t.value * 12))).toBeLessThan(1e-9);
    }
    // Minimised: best is the lowest error.
    expect(r.best!.value).toBe(Math.min(...r.trials.map((t) => t.value)));
    // The same parameters give the same value (common random numbers).
    const o = mlpMnistObjective(tiny);
    const reports: [number, number][] = [];
    const ctx = {
      number: 0,
      params: r.trials[1]!.params,
      report: async (s: number, v: number) => {
        reports.push([s, v]);
      },
      shouldPrune: () => false,
    };
    // the accuracy form (used by the experiment) gives 1 − the tuned value
    const acc = await o.evaluate(r.trials[1]!.params, ctx);
    expect(1 - acc).toBe(r.trials[1]!.value);
    expect(reports.map(([s]) => s)).toEqual([1, 2]);
    expect(reports[1]![1]).toBe(acc);
  });

  it('stops a trial when the pruner says so', async () => {
    const always: Pruner = { name: 'always', shouldPrune: () => true };
    const o = mlpMnistObjective(tiny);
    const study = await Study.open({
      storage: new MemoryStorage(),
      space: o.space,
      sampler: randomSampler(),
      direction: 'maximize',
      pruner: always,
    });
    await study.optimize(o.evaluate, { nTrials: 2 });
    const trials = await study.trials();
    expect(trials.map((t) => t.state)).toEqual(['pruned', 'pruned']);
    for (const t of trials) expect(t.intermediate.map(([s]) => s)).toEqual([1]);
  });

  it('fails a diverging trial and goes on', async () => {
    // lr · g overflows float32 on the first update, so the second sees a non-finite loss.
    const r = await runTuneSpec({
      objective: { name: 'mlp-mnist', ...tiny, hidden: [], lr: [1e40, 1e41] },
      sampler: { name: 'random' },
      trials: 2,
    });
    expect(r.trials).toEqual([]);
    expect(r.best).toBeNull();
  });

  it('is rebuilt from the spec JSON by worker processes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-mlp-tune-'));
    try {
      const spec = {
        objective: { name: 'mlp-mnist', ...tiny, epochs: 1 },
        sampler: { name: 'random' },
        trials: 2,
        seed: 2,
      };
      const viaWorkers = await runTuneSpec(spec, { workers: 2, storage: join(dir, 's.db') });
      const inProcess = await runTuneSpec(spec);
      const key = (t: { value: number; params: object }) => JSON.stringify(t);
      expect(viaWorkers.trials.map(key).sort()).toEqual(inProcess.trials.map(key).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
