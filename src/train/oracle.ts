/**
 * What `fit` gives the optimizers that need more than the gradient (SAM,
 * Sophia, AdaHessian: see `Oracle` in optim/types.ts), on the current
 * minibatch:
 *
 *   grad(x)    θ is set to x, one forward–backward pass on the same batch, θ restored
 *   hvp(x, v)  the exact Hessian-vector product of the batch loss at x (reverse
 *              over reverse through the model's flat function)
 *
 * Batch-norm layers run in training mode for these passes, as for the
 * gradient; their running statistics are restored afterwards, so a step moves
 * them once, as for every other optimizer. Dropout draws new masks for each pass.
 */
import { hvpWithGrad } from '../autodiff/index.js';
import type { Model } from '../nn/index.js';
import type { Oracle, Vec } from '../optim/index.js';
import { Tensor } from '../tensor/index.js';

/** The oracle of one minibatch (x, y) of `model`. */
export function batchOracle(
  model: Model,
  x: Tensor,
  y: Parameters<Model['lossAndGrad']>[1],
): Oracle {
  const withTheta = <T>(at: Vec, run: () => T): T => {
    const theta = model.theta;
    const saved = theta.slice();
    const buffers = model.params.buffers.slice();
    theta.set(at);
    try {
      return run();
    } finally {
      theta.set(saved);
      model.params.buffers.set(buffers);
    }
  };
  return {
    grad(at, out) {
      return withTheta(at, () => {
        const f = model.lossAndGrad(x, y);
        out.set(model.grad);
        return f;
      });
    },
    hvp(at, v, out) {
      const f = model.flatFunction(x, y);
      const n = model.size;
      const dt = model.dtype;
      const wrap = (a: Vec) =>
        new Tensor(dt === 'float64' ? Float64Array.from(a) : Float32Array.from(a), [n]);
      out.set(hvpWithGrad(f, wrap(at), wrap(v)).hvp.data);
    },
  };
}
