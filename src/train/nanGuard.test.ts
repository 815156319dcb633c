/**
 * fit's per-step guard over ∇θ (a branch-free pass, then a scan for the index):
 * a gradient that is NaN while the loss is finite stops training with an error
 * naming the component and its parameter.
 */
import { describe, expect, it } from 'vitest';
import { mean, mul, sqrt } from '../autodiff/index.js';
import { blobs } from '../data/index.js';
import { Model, mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { fit, TrainingError } from './fit.js';

describe('fit: non-finite gradient with a finite loss', () => {
  it('stops at step 0 naming the first bad component and its parameter', async () => {
    const data = blobs({ rng: new Rng(1), n: 32 });
    const base = mlp({ sizes: [2, 4, 3], seed: 1 });
    // J = mean(√(0·out)) = 0, but dJ/dout = 0 · 1/(2√0) = NaN everywhere
    const model = new Model(base.net, base.params, { loss: (o) => mean(sqrt(mul(o, 0))) });
    let err: unknown;
    try {
      await fit(model, { data }, { optimizer: sgd({ lr: 0.1 }), batchSize: 8, epochs: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TrainingError);
    expect((err as TrainingError).step).toBe(0);
    expect((err as Error).message).toMatch(/gradient component 0 \(in layer0\.W\) is NaN/);
  });
});
