/**
 * The bridge from a model plus data to a flat-vector {@link Objective}
 * (DESIGN layer 9): J(θ) = loss of the model with parameters θ on fixed (X, Y),
 * full batch or one fixed minibatch. Value, gradient and EXACT Hessian-vector
 * products (reverse over reverse through `Model.flatFunction`), for the
 * full-batch solvers (BFGS, Newton-CG) and the diagnostics (gᵀHg, Lanczos).
 *
 * The objective is a pure function of the θ it is given: it never reads or
 * writes the model's own θ, never updates running statistics and never draws
 * dropout masks (set fixed masks, or use evaluation mode, for a deterministic
 * J). Batch norm uses batch statistics when `training` (default: the model's
 * mode at the time of the call).
 */

import type { HvpObjective } from '../objectives/index.js';
import { tensorObjective } from '../objectives/index.js';
import type { Tensor } from '../tensor/index.js';
import type { Targets } from './losses.js';
import type { FlatOptions, Model } from './model.js';

export function modelObjective(
  model: Model,
  x: Tensor,
  y: Targets,
  opts: FlatOptions = {},
): HvpObjective {
  return tensorObjective(model.flatFunction(x, y, opts), model.size, model.dtype);
}
