/**
 * Issue 5: L-BFGS, CG and Newton-CG train a small MLP full batch through the
 * model objective (exact gradients and Hessian-vector products), compared with
 * Adam on the same data and the same starting θ. The numbers are printed for
 * the record; the assertions are what each method must reach.
 */
import { describe, expect, it } from 'vitest';
import { spirals } from '../src/data/index.js';
import { mlp, modelObjective } from '../src/nn/index.js';
import { adam } from '../src/optim/index.js';
import { Rng } from '../src/random/index.js';
import { minimize } from '../src/solvers/index.js';
import { tensor } from '../src/tensor/index.js';
import { fit } from '../src/train/index.js';

describe('full-batch training of an MLP through the model objective', () => {
  const data = spirals({ rng: new Rng(0), perClass: 60, classes: 2, noise: 0.1, dtype: 'float64' });
  const X = tensor(data.x, { shape: [data.n, 2] });
  const make = () =>
    mlp({ sizes: [2, 16, 16, 2], activation: 'tanh', init: 'glorot-uniform', seed: 3 });
  const theta0 = Float64Array.from(make().theta);
  const objective = modelObjective(make(), X, data.y);
  const f0 = objective.value(theta0);
  const rows: Record<string, unknown>[] = [];

  for (const method of ['lbfgs', 'cg', 'newton-cg', 'bfgs'] as const) {
    it(`${method} lowers the training loss far below its start`, () => {
      const r = minimize(objective, theta0, { method, maxIter: 300, gtol: 1e-5 });
      rows.push({
        method,
        loss: r.fun,
        nit: r.nit,
        nfev: r.nfev,
        ngev: r.ngev,
        nhvp: r.nhvp,
        message: r.message,
      });
      expect(Number.isFinite(r.fun)).toBe(true);
      expect(r.fun).toBeLessThan(0.1 * f0);
      // the loss reported is the loss at the returned θ
      expect(objective.value(r.x)).toBeCloseTo(r.fun, 12);
    });
  }

  it('Adam, full batch, same start, 300 updates: for comparison', async () => {
    const model = make();
    const h = await fit(
      model,
      { data },
      { optimizer: adam({ lr: 0.01 }), batchSize: data.n, iterations: 300, trainEvalSize: 0 },
    );
    const loss = objective.value(Float64Array.from(model.theta));
    rows.push({
      method: 'adam (lr 0.01)',
      loss,
      nit: 300,
      nfev: 300,
      ngev: 300,
      nhvp: 0,
      message: h.reason,
    });
    expect(loss).toBeLessThan(f0);
    console.log(`start loss ${f0.toFixed(4)}\n${rows.map((r) => JSON.stringify(r)).join('\n')}`);
  });
});
