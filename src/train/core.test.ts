/**
 * The browser-safe training entry (`train` of `optlab/core`): the same loop as
 * Node's `fit` — same history bit for bit, checkpoints aside — refusing the
 * file options it cannot honour; and `setupTraining` builds from a config what
 * the built-in digits' split and the model seed decide, the same each time.
 */
import { describe, expect, it } from 'vitest';
import { spirals } from '../data/index.js';
import { loadBuiltinMnist } from '../data/node/index.js';
import { mlp } from '../nn/index.js';
import { adam } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { fit as coreFit, setupTraining, trainConfigSchema } from './core.js';
import { fit } from './fit.js';

describe('train (browser-safe)', () => {
  it('trains exactly as the Node fit does', async () => {
    const data = spirals({ rng: new Rng(3), perClass: 60, classes: 2, noise: 0.1 });
    const run = async (f: typeof fit) => {
      const model = mlp({ sizes: [2, 16, 2], activation: 'tanh', init: 'glorot-uniform', seed: 2 });
      const h = await f(
        model,
        { data },
        { optimizer: adam({ lr: 0.02 }), batchSize: 16, epochs: 5, seed: 4 },
      );
      return { losses: h.steps.map((s) => s.loss), theta: Array.from(model.theta) };
    };
    const a = await run(fit);
    const b = await run(coreFit);
    expect(b.losses).toHaveLength(40);
    expect(b.losses).toEqual(a.losses);
    expect(b.theta).toEqual(a.theta);
    // and it trained: the mean minibatch loss of the last epoch is below the first's
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    expect(mean(b.losses.slice(-8))).toBeLessThan(mean(b.losses.slice(0, 8)));
  });

  it('refuses checkpoint and resume (no files in a browser)', async () => {
    const data = spirals({ rng: new Rng(3), perClass: 10, classes: 2 });
    const model = mlp({ sizes: [2, 4, 2], activation: 'tanh', seed: 1 });
    const o = { optimizer: adam(), batchSize: 4, epochs: 1 };
    await expect(coreFit(model, { data }, { ...o, checkpoint: { dir: '/x' } })).rejects.toThrow(
      /checkpoint and resume need a checkpoint store/,
    );
    await expect(coreFit(model, { data }, { ...o, resume: '/x' })).rejects.toThrow(
      /checkpoint store/,
    );
  });

  it('setupTraining: the validation split, the model and the options of a config', () => {
    const cfg = trainConfigSchema.parse({
      model: { hidden: [20], dropout: 0.2 },
      optimizer: { name: 'sgd', lr: 0.1, weightDecay: 1e-4 },
      validation: 0.25,
      batchSize: 50,
      epochs: 2,
      seed: 7,
    });
    const a = setupTraining(cfg, loadBuiltinMnist());
    const b = setupTraining(cfg, loadBuiltinMnist());
    expect(a.train.n).toBe(6000);
    expect(a.validation!.n).toBe(2000);
    expect(a.test.n).toBe(2000);
    expect(a.model.size).toBe(784 * 20 + 20 + 20 * 10 + 10);
    expect(a.fitOptions).toMatchObject({ batchSize: 50, epochs: 2, seed: 7, sampler: 'epoch' });
    expect(Array.from(a.model.theta)).toEqual(Array.from(b.model.theta));
    expect(Array.from(a.validation!.y)).toEqual(Array.from(b.validation!.y));
  });
});
