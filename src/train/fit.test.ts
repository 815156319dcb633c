import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobs, loadBuiltinMnist, makeDataset, spirals } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { adam, sgd } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { CHECKPOINT_FILE, loadCheckpoint } from './checkpoint.js';
import { evaluate } from './evaluate.js';
import { fit, TrainingError } from './fit.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'optlab-fit-'));

describe('fit', () => {
  it('trains an MLP on two spirals to high accuracy', async () => {
    const data = spirals({ rng: new Rng(1), perClass: 100, classes: 2, noise: 0.1 });
    const model = mlp({
      sizes: [2, 32, 32, 2],
      activation: 'tanh',
      init: 'glorot-uniform',
      seed: 1,
    });
    const h = await fit(
      model,
      { data },
      { optimizer: adam({ lr: 0.02 }), batchSize: 20, epochs: 60, seed: 1 },
    );
    expect(h.epochs).toHaveLength(60);
    expect(h.steps).toHaveLength(600);
    expect(h.epochs.at(-1)!.trainAccuracy).toBeGreaterThan(0.95);
    expect(h.epochs.at(-1)!.trainLoss).toBeLessThan(h.epochs[0]!.trainLoss);
  });

  it('reaches ≥ 90% test accuracy on the built-in MNIST digits', async () => {
    const { train, test } = loadBuiltinMnist({ seed: 0 });
    const model = mlp({
      sizes: [784, 100, 10],
      activation: 'relu',
      init: 'he-normal',
      seed: 0,
      dtype: 'float32',
    });
    await fit(
      model,
      { data: train },
      { optimizer: adam({ lr: 1e-3 }), batchSize: 100, epochs: 3, seed: 0, trainEvalSize: 0 },
    );
    model.eval();
    const r = evaluate(model, { data: test });
    expect(r.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('early stopping restores the parameters of the best epoch', async () => {
    const rng = new Rng(5);
    const data = blobs({ rng, n: 60, centers: 3, std: 3 });
    // a validation set with random labels: its loss rises as the network fits the training set
    const val = makeDataset({
      x: blobs({ rng, n: 60, centers: 3, std: 3 }).x,
      y: Int32Array.from({ length: 60 }, () => rng.int(3)),
      shape: [2],
    });
    const model = mlp({ sizes: [2, 64, 3], seed: 2 });
    const snapshots = new Map<number, Float64Array>();
    const h = await fit(
      model,
      { data },
      {
        optimizer: adam({ lr: 0.05 }),
        batchSize: 20,
        epochs: 40,
        validation: { data: val },
        earlyStopping: { monitor: 'val_loss', patience: 2 },
        callbacks: { onEpoch: (e, v) => void snapshots.set(e.epoch, Float64Array.from(v.theta)) },
      },
    );
    expect(h.stoppedEarly).toBe(true);
    expect(h.bestEpoch).not.toBeNull();
    expect(h.epochs.length).toBe(h.bestEpoch! + 3);
    const best = Math.min(...h.epochs.map((e) => e.valLoss!));
    expect(h.epochs[h.bestEpoch! - 1]!.valLoss).toBe(best);
    expect(Array.from(model.theta)).toEqual(Array.from(snapshots.get(h.bestEpoch!)!));
  });

  it('an interrupted and resumed run equals an uninterrupted one bit for bit (dropout, Adam, averaging)', async () => {
    const data = spirals({ rng: new Rng(3), perClass: 50, classes: 3 });
    const make = () => mlp({ sizes: [2, 16, 16, 3], dropout: 0.2, batchNorm: 'before', seed: 7 });
    const opts = {
      batchSize: 16,
      epochs: 5,
      seed: 11,
      averaging: { kind: 'ema' as const, decay: 0.9 },
      validation: { data },
    };
    const a = make();
    const ha = await fit(a, { data }, { ...opts, optimizer: adam({ lr: 0.01 }) });

    const dir = tmp();
    const b = make();
    await fit(
      b,
      { data },
      {
        ...opts,
        optimizer: adam({ lr: 0.01 }),
        checkpoint: { dir },
        callbacks: { onEpoch: (e) => (e.epoch === 2 ? 'stop' : undefined) },
      },
    );
    const c = make(); // a fresh process would build the model anew
    const hc = await fit(c, { data }, { ...opts, optimizer: adam({ lr: 0.01 }), resume: dir });
    expect(Buffer.from(c.theta.buffer).equals(Buffer.from(a.theta.buffer))).toBe(true);
    expect(Buffer.from(c.params.buffers.buffer).equals(Buffer.from(a.params.buffers.buffer))).toBe(
      true,
    );
    expect(hc.epochs.map((e) => e.valLoss)).toEqual(ha.epochs.map((e) => e.valLoss));
    expect(Array.from(hc.averaged!)).toEqual(Array.from(ha.averaged!));
  });

  it('stops on a non-finite loss with an error naming the step, keeping the last checkpoint', async () => {
    const data = blobs({ rng: new Rng(1), n: 64 });
    const model = mlp({ sizes: [2, 8, 3], seed: 1 });
    const dir = tmp();
    let err: unknown;
    try {
      await fit(
        model,
        { data },
        { optimizer: sgd({ lr: 1e12 }), batchSize: 16, epochs: 50, checkpoint: { dir } },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as Error).message).toMatch(/training diverged at step \d+/);
    expect((err as Error).message).toContain(CHECKPOINT_FILE);
    const c = loadCheckpoint(dir);
    expect(Array.from(c.theta).every(Number.isFinite)).toBe(true);
  });

  it('DLFS sampling with replacement: iterations, fractional epochs', async () => {
    const data = blobs({ rng: new Rng(2), n: 250 });
    const model = mlp({ sizes: [2, 8, 3], seed: 1 });
    const h = await fit(
      model,
      { data },
      { optimizer: sgd({ lr: 0.1 }), batchSize: 100, iterations: 10, sampler: 'replacement' },
    );
    // 250/100 = 2.5 updates per "epoch"; as DLFS's `current_iter % iter_per_epoch == 0`,
    // an epoch ends where k is a multiple of 2.5: after updates 5 and 10
    expect(h.steps).toHaveLength(10);
    expect(h.epochs.map((e) => e.step)).toEqual([5, 10]);
  });

  it('rejects bad options and data of the wrong width with clear errors', async () => {
    const data = blobs({ rng: new Rng(2), n: 10, dim: 3 });
    const model = mlp({ sizes: [2, 4, 3] });
    await expect(
      fit(model, { data }, { optimizer: sgd({ lr: 0.1 }), batchSize: 4 }),
    ).rejects.toThrow(/takes 2 inputs but the data rows have 3/);
    await expect(
      fit(model, { data }, { optimizer: sgd({ lr: 0.1 }), batchSize: 0 }),
    ).rejects.toThrow('fit: option batchSize must be a number ≥ 1, got 0');
  });

  it('checks every option once, naming it, with did-you-mean for a misspelt one', async () => {
    const data = blobs({ rng: new Rng(2), n: 10, dim: 2 });
    const model = mlp({ sizes: [2, 4, 3] });
    const o = { optimizer: sgd({ lr: 0.1 }), batchSize: 4 };
    const bad = (extra: object) => fit(model, { data }, { ...o, ...extra } as typeof o);
    await expect(bad({ epoch: 3 })).rejects.toThrow(
      'fit: unknown option epoch (did you mean epochs?)',
    );
    await expect(bad({ epochs: 1.5 })).rejects.toThrow(
      'fit: option epochs must be an integer, got 1.5',
    );
    await expect(bad({ sampler: 'shuffle' })).rejects.toThrow(
      'fit: option sampler must be one of epoch, replacement, got "shuffle"',
    );
    await expect(bad({ earlyStopping: { patience: -1 } })).rejects.toThrow(
      'fit: option earlyStopping.patience must be a number ≥ 0, got -1',
    );
    await expect(bad({ divergence: { factor: 1 } })).rejects.toThrow(
      'fit: option divergence.factor must be a number > 1, got 1',
    );
    await expect(bad({ checkpoint: { dir: '/tmp', every: 2 } })).rejects.toThrow(
      /unknown option every.*in checkpoint/,
    );
    await expect(bad({ callbacks: { onEpochs: () => undefined } })).rejects.toThrow(
      /option callbacks.onEpochs must be one of the callbacks onStep, onEpoch/,
    );
    expect(() => evaluate(model, { data }, { batchSize: 0 })).toThrow(
      'evaluate: option batchSize must be a number ≥ 1, got 0',
    );
    expect(() => evaluate(model, { data }, { limt: 3 } as object)).toThrow(
      'evaluate: unknown option limt (did you mean limit?)',
    );
    // the limit is the number of rows evaluated: 3 rows one at a time equal 3 rows at once
    const a = evaluate(model, { data }, { limit: 3, batchSize: 1 });
    const b = evaluate(model, { data }, { limit: 3 });
    expect(a.loss).toBeCloseTo(b.loss, 5);
    expect(a.accuracy).toBe(b.accuracy);
    await expect(bad({ optimizer: { init: () => 0 } })).rejects.toThrow(
      'fit: option optimizer must be an optimizer (a transform with init and update), got an object',
    );
  });

  it('trains an autoencoder on its inputs (regression targets)', async () => {
    const data = blobs({ rng: new Rng(4), n: 200, dim: 4 });
    const model = mlp({ sizes: [4, 2, 4], activation: 'tanh', loss: 'mse', seed: 3 });
    const h = await fit(
      model,
      { data, targets: 'inputs' },
      { optimizer: adam({ lr: 0.01 }), batchSize: 20, epochs: 20 },
    );
    expect(h.epochs.at(-1)!.trainLoss).toBeLessThan(0.5 * h.epochs[0]!.trainLoss);
    expect(Number.isNaN(h.epochs[0]!.trainAccuracy)).toBe(true);
  });
});

describe('fit history without a validation set', () => {
  it('has no validation fields (not NaN ones)', async () => {
    const data = spirals({ rng: new Rng(4), perClass: 20, classes: 2, noise: 0.1 });
    const model = mlp({ sizes: [2, 8, 2], activation: 'tanh', seed: 4 });
    const h = await fit(model, { data }, { optimizer: sgd({ lr: 0.1 }), batchSize: 10, epochs: 2 });
    for (const e of h.epochs) {
      expect('valLoss' in e).toBe(false);
      expect('valAccuracy' in e).toBe(false);
      expect(Number.isFinite(e.trainLoss)).toBe(true);
    }
  });
});
