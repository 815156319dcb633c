/**
 * The training step's fused forward pass and loss (fusedStep.ts) against the
 * unfused network and the composite loss:
 * - the fused forward gives the same bits as `net.forward` (values), and is
 *   used only where a Linear with bias meets relu/sigmoid/tanh;
 * - the step's ∇θ equals the gradient of `flatFunction` (the composite graph
 *   that Hessian-vector products use): float64 to 1e-14 of the largest entry,
 *   float32 to 2e-6 of it (the fused loss rounds once, the composite after
 *   each op: a few float32 ε = 1.2e-7, carried through backprop);
 * - with a loss that is not fused (mse), the fused step is the unfused one bit
 *   for bit over several steps (only the bias+activation nodes differ);
 * - several Adam-like steps in float64 stay within 1e-12 of the unfused run.
 */
import { describe, expect, it } from 'vitest';
import { grad } from '../autodiff/index.js';
import { Rng } from '../random/index.js';
import { type DType, Tensor } from '../tensor/index.js';
import { fusedForward } from './fusedStep.js';
import { mlp } from './mlp.js';
import type { Model } from './model.js';
import { liveContext } from './module.js';

function data(dtype: DType, m: number, f: number, classes: number, seed: number) {
  const rng = new Rng(seed);
  const x = dtype === 'float32' ? new Float32Array(m * f) : new Float64Array(m * f);
  rng.fillNormal(x);
  const y = Int32Array.from({ length: m }, () => Math.floor(rng.uniform() * classes));
  return { x: new Tensor(x, [m, f]), y };
}

/** The same model with the step's fusion switched off (the code path before fusion). */
function unfused(model: Model): Model {
  const m = model as unknown as { stepForward: unknown; stepLoss: unknown; loss: unknown };
  m.stepForward = null;
  m.stepLoss = m.loss;
  return model;
}

function maxAbs(a: ArrayLike<number>): number {
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]!));
  return mx;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]! - b[i]!));
  return mx;
}

const ACTS = ['relu', 'sigmoid', 'tanh'] as const;

describe('fused training step', () => {
  it('fusedForward: the same bits as net.forward; null when nothing fuses', () => {
    for (const activation of ACTS) {
      for (const dtype of ['float64', 'float32'] as const) {
        const model = mlp({ sizes: [5, 40, 33, 3], activation, dtype, seed: 2 });
        const fwd = fusedForward(model.net);
        expect(fwd).not.toBeNull();
        const { x } = data(dtype, 9, 5, 3, 1);
        const ctx = liveContext(false);
        expect(Array.from(fwd!(x, ctx).data)).toEqual(Array.from(model.net.forward(x, ctx).data));
      }
    }
    expect(fusedForward(mlp({ sizes: [4, 6, 2], activation: 'leaky-relu' }).net)).toBeNull();
    expect(fusedForward(mlp({ sizes: [4, 6, 2], bias: false }).net)).toBeNull();
    // batch norm between Linear and activation: nothing to fuse
    expect(fusedForward(mlp({ sizes: [4, 6, 2], batchNorm: 'before' }).net)).toBeNull();
    // after: Linear+relu fuse, batch norm runs its own forward
    const bn = mlp({ sizes: [4, 6, 5, 2], batchNorm: 'after', seed: 3 });
    const fwd = fusedForward(bn.net);
    expect(fwd).not.toBeNull();
    const { x } = data('float64', 8, 4, 2, 2);
    const ctx = { ...liveContext(true), updateStats: false };
    expect(Array.from(fwd!(x, ctx).data)).toEqual(Array.from(bn.net.forward(x, ctx).data));
  });

  it('∇θ of the step equals the gradient of flatFunction (the composite graph)', () => {
    for (const activation of ACTS) {
      for (const dtype of ['float64', 'float32'] as const) {
        const model = mlp({ sizes: [7, 30, 20, 6], activation, dtype, seed: 4 });
        const { x, y } = data(dtype, 32, 7, 6, 5);
        const loss = model.lossAndGrad(x, y);
        const theta = new Tensor(model.theta.slice(), [model.size]);
        const g = grad(model.flatFunction(x, y))(theta);
        const f = model.flatFunction(x, y)(theta).item();
        const tol = dtype === 'float64' ? 1e-14 : 2e-6;
        expect(Math.abs(loss - f), `${activation} ${dtype} loss`).toBeLessThanOrEqual(
          tol * Math.abs(f),
        );
        expect(maxDiff(model.grad, g.data), `${activation} ${dtype} grad`).toBeLessThanOrEqual(
          tol * maxAbs(g.data),
        );
      }
    }
  });

  it('with an unfused loss (mse) the fused step is the unfused one bit for bit', () => {
    for (const activation of ACTS) {
      const run = (model: Model) => {
        const out: number[][] = [];
        for (let s = 0; s < 4; s++) {
          const { x } = data('float32', 16, 6, 3, 10 + s);
          const t = data('float32', 16, 3, 3, 20 + s).x;
          const r = model.forwardBackward(x, t);
          out.push([r.loss, ...model.grad, ...r.output.data]);
          const th = model.theta;
          for (let i = 0; i < th.length; i++) th[i] = th[i]! - 0.05 * model.grad[i]!;
        }
        return out;
      };
      const opts = {
        sizes: [6, 12, 9, 3],
        activation,
        loss: 'mse',
        dtype: 'float32',
        seed: 6,
      } as const;
      expect(run(mlp(opts))).toEqual(run(unfused(mlp(opts))));
    }
  });

  it('several steps in float64 stay within 1e-12 of the unfused run', () => {
    const opts = { sizes: [6, 16, 10, 4], activation: 'tanh', dtype: 'float64', seed: 8 } as const;
    const a = mlp(opts);
    const b = unfused(mlp(opts));
    for (let s = 0; s < 10; s++) {
      const { x, y } = data('float64', 16, 6, 4, 30 + s);
      for (const m of [a, b]) {
        m.lossAndGrad(x, y);
        const th = m.theta;
        for (let i = 0; i < th.length; i++) th[i] = th[i]! - 0.1 * m.grad[i]!;
      }
    }
    expect(maxDiff(a.theta, b.theta)).toBeLessThanOrEqual(1e-12 * maxAbs(b.theta));
  });
});
