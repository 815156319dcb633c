/** Test helpers: gradient checks of a module against central differences. */
import { expect } from 'vitest';
import { type GradcheckOptions, gradcheck, mul, noGrad, sum } from '../autodiff/index.js';
import { Rng } from '../random/index.js';
import { randn, Tensor } from '../tensor/index.js';
import { Model } from './model.js';
import { type ForwardContext, liveContext, type Module } from './module.js';
import { ParameterSet } from './parameters.js';

/**
 * A float64 model around one module whose loss is Σ out ⊙ R for a fixed random
 * R (every output element gets a different weight, so no gradient cancels).
 */
export function probeModel(build: (ps: ParameterSet) => Module, seed = 1): Model {
  const ps = new ParameterSet('float64');
  const net = build(ps);
  let R: Tensor | null = null;
  const loss = (out: Tensor) => {
    if (!R || R.size !== out.size) R = randn(out.shape, new Rng(seed + 100));
    return sum(mul(out, R));
  };
  return new Model(net, ps, { loss, seed });
}

const NO_TARGETS = new Int32Array(0);

export interface ModuleCheck extends GradcheckOptions {
  training?: boolean;
  /** Also check the gradient with respect to the input (default true). */
  input?: boolean;
}

/**
 * Checks (1) ∂J/∂θ of the flat function against central differences, (2) the
 * gradient `lossAndGrad` writes into ∇θ against the autodiff gradient of the
 * flat function, (3) ∂J/∂x against central differences.
 */
export function checkModule(model: Model, x: Tensor, opts: ModuleCheck = {}): void {
  const { training = false, input = true, ...tol } = opts;
  const f = model.flatFunction(x, NO_TARGETS, { training });
  const theta = new Tensor(Float64Array.from(model.theta), [model.size]);
  const r = gradcheck(f, theta, { eps: 1e-6, atol: 1e-7, rtol: 1e-6, ...tol });
  expect(r.ok, `θ gradient: max abs error ${r.maxAbsError} at ${r.worst}`).toBe(true);

  model.training = training;
  // lossAndGrad must not update statistics for this comparison: use a copy of the buffers
  const saved = model.params.buffers.slice();
  model.lossAndGrad(x, NO_TARGETS);
  model.params.buffers.set(saved);
  for (let i = 0; i < model.size; i++) {
    expect(Math.abs(model.grad[i]! - r.analytic[i]!)).toBeLessThanOrEqual(
      1e-12 * (1 + Math.abs(r.analytic[i]!)),
    );
  }

  if (input) {
    const ctx: ForwardContext = { ...liveContext(training), updateStats: false, stochastic: false };
    const fx = (xt: Tensor) => model.loss(model.net.forward(xt, ctx), NO_TARGETS);
    const rx = gradcheck(fx, x, { eps: 1e-6, atol: 1e-7, rtol: 1e-6, ...tol });
    expect(rx.ok, `input gradient: max abs error ${rx.maxAbsError} at ${rx.worst}`).toBe(true);
  }
}

/** The output of a module in evaluation mode, without recording. */
export function run(model: Model, x: Tensor, training = false): Tensor {
  const ctx: ForwardContext = { ...liveContext(training), updateStats: false, stochastic: false };
  return noGrad(() => model.net.forward(x, ctx));
}
