/** The methods beyond the books inside `fit`: the oracle, the evaluation point, matrix blocks. */
import { describe, expect, it } from 'vitest';
import { type OptimizerSpecInput, optimizerFromSpec } from '../contract/index.js';
import { spirals } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { scheduleFreeAdamw } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { evaluate } from './evaluate.js';
import { fit } from './fit.js';

const data = () => spirals({ rng: new Rng(3), perClass: 60, classes: 2, noise: 0.1 });
const net = (batchNorm: false | 'before' = false) =>
  mlp({ sizes: [2, 16, 16, 2], activation: 'tanh', init: 'glorot-uniform', seed: 2, batchNorm });

describe('modern optimizers in fit', () => {
  it.each([
    ['sam', { name: 'sam', lr: 0.1, rho: 0.05, momentum: 0.9 }],
    ['sophia', { name: 'sophia', lr: 0.02, interval: 2 }],
    ['adahessian', { name: 'adahessian', lr: 0.15 }],
    ['schedule-free-adamw', { name: 'schedule-free-adamw', lr: 0.02 }],
    ['schedule-free-sgd', { name: 'schedule-free-sgd', lr: 0.2 }],
    ['muon', { name: 'muon', lr: 0.02, adamLr: 0.01 }],
    ['shampoo', { name: 'shampoo', lr: 0.05, interval: 5 }],
    ['soap', { name: 'soap', lr: 0.01 }],
  ] as const)('%s lowers the training loss of a small network', async (_name, spec) => {
    const d = data();
    const model = net();
    const optimizer = optimizerFromSpec(spec as OptimizerSpecInput, {
      mask: model.weightDecayMask,
      matrices: { blocks: model.params.matrixBlocks(), size: model.size },
    });
    const h = await fit(model, { data: d }, { optimizer, batchSize: 20, epochs: 15, seed: 1 });
    const first = h.epochs[0]!.trainLoss;
    const last = h.epochs.at(-1)!.trainLoss;
    expect(last).toBeLessThan(0.8 * first);
    expect(Number.isFinite(last)).toBe(true);
  });

  it('schedule-free: epochs are measured at x and the trained model ends at x', async () => {
    const d = data();
    const model = net('before');
    const optimizer = scheduleFreeAdamw({ lr: 0.02 });
    const h = await fit(model, { data: d }, { optimizer, batchSize: 20, epochs: 5, seed: 1 });
    // the model holds x: evaluating it now gives the last epoch's train loss
    model.eval();
    const r = evaluate(model, { data: d });
    expect(r.loss).toBeCloseTo(h.epochs.at(-1)!.trainLoss, 10);
  });

  it('muon, shampoo and soap refuse a plain vector problem, naming what they need', () => {
    for (const name of ['muon', 'shampoo', 'soap'] as const) {
      expect(() => optimizerFromSpec({ name })).toThrow(/needs a model's weight matrices/);
    }
  });
});
