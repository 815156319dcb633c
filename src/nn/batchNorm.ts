/**
 * Batch normalisation (Ioffe & Szegedy 2015; *Deep Learning* §8.7.1; DLFS §6.3).
 *
 * For a minibatch H of shape [m, D], statistics are taken PER UNIT (column),
 * over the m rows (CORRECTIONS #10: the seed's "per row" is wrong):
 *
 *   μ = (1/m) Σᵢ H_{i,:}        σ² = (1/m) Σᵢ (H_{i,:} − μ)²   (biased, as the book)
 *   H' = (H − μ) / √(δ + σ²)     y = γ ⊙ H' + β
 *
 * The whole expression is built from differentiable ops, so backprop goes
 * through μ and σ (the book's point: the gradient never proposes an operation
 * that only changes the mean or the standard deviation), and it is twice
 * differentiable (exact Hessian-vector products of a BN network).
 *
 * Running statistics for evaluation (DLFS):
 *   running_mean ← momentum · running_mean + (1 − momentum) · μ
 *   running_var  ← momentum · running_var  + (1 − momentum) · σ²
 * and in evaluation mode H' = (H − running_mean) / √(running_var + δ).
 * They are buffers (saved with θ, never trained).
 *
 * Options (`preset` fills the defaults, any option overrides it):
 * - `preset`: 'book' (default) — δ = 1e-8, momentum 0.9, running mean 0 and
 *   running variance 1 at the start (the book leaves the start open; 1 keeps an
 *   untrained network's evaluation output finite-scaled).
 *   'dlfs' — DLFS `BatchNormalization`: δ = 1e-6 (its source writes `10e-7`,
 *   which is 1e-6, not 1e-7), momentum 0.9, running mean and variance start at 0.
 * - `eps` δ > 0; `momentum` ∈ [0, 1); `runningVarInit` ≥ 0.
 * γ starts at 1, β at 0.
 */

import { z } from 'zod';
import { add, div, mean, mul, noGrad, sqrt, square, sub } from '../autodiff/index.js';
import { constant, zeros } from '../init/index.js';
import { decay, nonnegative, parseOptions, positive } from '../options/index.js';
import type { Tensor } from '../tensor/index.js';
import { formatShape } from '../tensor/shape.js';
import type { ForwardContext, Module } from './module.js';
import type { Buffer, Parameter, ParameterSet } from './parameters.js';

/** The filled-in options of a BatchNorm layer. */
export interface BatchNormConfig {
  preset: 'book' | 'dlfs';
  eps: number;
  momentum: number;
  runningVarInit: number;
}

/** The defaults of each preset (written only here). */
const PRESETS: Record<'book' | 'dlfs', Omit<BatchNormConfig, 'preset'>> = {
  book: { eps: 1e-8, momentum: 0.9, runningVarInit: 1 },
  dlfs: { eps: 10e-7, momentum: 0.9, runningVarInit: 0 },
};

/**
 * The options of a BatchNorm layer: `preset` ['book'] fills the others, any
 * given option overrides it: `eps` > 0, `momentum` ∈ [0, 1), `runningVarInit` ≥ 0.
 */
export const batchNormOptions = z
  .strictObject({
    preset: z.enum(['book', 'dlfs']).default('book'),
    eps: positive().optional(),
    momentum: decay().optional(),
    runningVarInit: nonnegative().optional(),
  })
  .transform(
    (o): BatchNormConfig => ({
      preset: o.preset,
      eps: o.eps ?? PRESETS[o.preset].eps,
      momentum: o.momentum ?? PRESETS[o.preset].momentum,
      runningVarInit: o.runningVarInit ?? PRESETS[o.preset].runningVarInit,
    }),
  );

export type BatchNormOptions = z.input<typeof batchNormOptions>;

/** Validates BatchNorm options into their filled-in form (an OptionError naming the option otherwise). */
export function parseBatchNormOptions(o: BatchNormOptions, where = 'BatchNorm'): BatchNormConfig {
  return parseOptions(where, batchNormOptions, o);
}

export class BatchNorm implements Module {
  readonly name: string;
  readonly features: number;
  readonly config: BatchNormConfig;
  readonly gamma: Parameter;
  readonly beta: Parameter;
  readonly runningMean: Buffer;
  readonly runningVar: Buffer;

  constructor(params: ParameterSet, name: string, features: number, opts: BatchNormOptions = {}) {
    const where = `BatchNorm '${name}'`;
    if (!Number.isInteger(features) || features < 1) {
      throw new RangeError(`${where}: features must be an integer ≥ 1, got ${String(features)}`);
    }
    this.name = name;
    this.features = features;
    this.config = parseBatchNormOptions(opts, where);
    const common = { shape: [features], layer: name, fanIn: 1, fanOut: features };
    this.gamma = params.declare({
      ...common,
      name: `${name}.gamma`,
      kind: 'gamma',
      init: constant(1),
    });
    this.beta = params.declare({ ...common, name: `${name}.beta`, kind: 'beta', init: zeros() });
    this.runningMean = params.declareBuffer({
      name: `${name}.runningMean`,
      shape: [features],
      layer: name,
      fill: 0,
    });
    this.runningVar = params.declareBuffer({
      name: `${name}.runningVar`,
      shape: [features],
      layer: name,
      fill: this.config.runningVarInit,
    });
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.features) {
      throw new RangeError(
        `BatchNorm '${this.name}': input must be [m, ${this.features}], got ${formatShape(x.shape)}`,
      );
    }
    const { eps } = this.config;
    let xn: Tensor;
    if (ctx.training) {
      const mu = mean(x, 0, true);
      const xc = sub(x, mu);
      const v = mean(square(xc), 0, true);
      xn = div(xc, sqrt(add(v, eps)));
      if (ctx.updateStats) this.updateRunning(mu, v);
    } else {
      // constants: (x − running_mean) / √(running_var + δ); the gradient still flows to x
      const std = noGrad(() => sqrt(add(this.runningVar.tensor, eps)));
      xn = div(sub(x, this.runningMean.tensor), std);
    }
    return add(mul(xn, ctx.param(this.gamma)), ctx.param(this.beta));
  }

  /** running ← momentum · running + (1 − momentum) · batch statistic. */
  private updateRunning(mu: Tensor, v: Tensor): void {
    const m = this.config.momentum;
    const rm = this.runningMean.data;
    const rv = this.runningVar.data;
    const md = mu.data;
    const vd = v.data;
    for (let j = 0; j < rm.length; j++) {
      rm[j] = m * rm[j]! + (1 - m) * md[j]!;
      rv[j] = m * rv[j]! + (1 - m) * vd[j]!;
    }
  }

  children(): readonly Module[] {
    return [];
  }
}
