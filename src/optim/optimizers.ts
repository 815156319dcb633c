/**
 * The named optimizers of docs/commands.md's table, each a `namedChain` of the pieces, with a
 * fused single-pass `step` run by the backend's optimizer kernels (sgd,
 * momentum, nesterov, adagrad, rmsprop, adam, adamw, amsgrad — masked weight
 * decay included; see kernelStep.ts and bench/optim.bench.ts). The state is
 * always the named chain's state — a record of the pieces' states under the
 * names of the table below (`decay` is there only when weight decay is on) —
 * so the fused and the chained paths can be mixed freely, one state
 * serialises for both, and its type is known (`adam()`'s is {@link AdamOptimizerState}).
 *
 * Every `lr` and `weightDecay` may be a schedule of the update number k; so may
 * the momentum coefficient of `momentum`/`nesterov`. `mask` limits weight decay
 * to the elements where it is non-zero/true (weights, not biases).
 *
 * | name      | named chain (piece name: transform)                                   |
 * |-----------|-----------------------------------------------------------------------|
 * | sgd       | decay?: addWeightDecay → lr: scaleByLearningRate                       |
 * | momentum  | decay? → lr → trace: trace(μ)   (book 8.2)                             |
 * | nesterov  | decay? → lr → trace: trace(μ, nesterov) (8.3, look-ahead form)         |
 * | adagrad   | decay? → adagrad: scaleByAdagrad → lr (8.4)                            |
 * | rmsprop   | decay? → rms: scaleByRms → [trace: trace(μ)] → lr (8.5); nesterov: rms → lr → trace: trace(α, nesterov) (8.6) |
 * | adam      | decay? → adam: scaleByAdam → lr (8.7)                                  |
 * | adamw     | adam: scaleByAdam → decay?: addDecayedWeights → lr                     |
 */

import { z } from 'zod';
import { hyper, parseOptions, unit } from '../options/index.js';
import { type AdagradState, scaleByAdagrad, scaleByAdagradSchema } from './adagrad.js';
import {
  type AdamNamedOptions,
  type AdamState,
  adamSchema,
  adamwSchema,
  nadamSchema,
  scaleByAdam,
} from './adam.js';
import { namedChain } from './base.js';
import { type DecayOptions, decayFields, rate } from './fields.js';
import {
  adagradStep,
  adamStep,
  type Decay,
  decayRanges,
  momentumStep,
  rmspropStep,
  sgdStep,
} from './kernelStep.js';
import { type TraceState, trace } from './momentumTrace.js';
import { type NadamScheduleOptimizerState, nadamSchedule } from './nadam.js';
import { type RmsState, scaleByRms, scaleByRmsSchema } from './rms.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import type { Hyper, Transform } from './types.js';
import { addDecayedWeights, addWeightDecay, type Mask } from './weightDecay.js';

export type { AdamNamedOptions, DecayOptions };

/** An optimizer: a transform whose state `S` is plain data (`unknown` when any optimizer will do). */
export type Optimizer<S = unknown> = Transform<S>;

/** The state of a weight-decay link, present only when weight decay is on. */
export interface DecayState {
  decay?: CountState;
}
/** `sgd`'s state. */
export interface SgdState extends DecayState {
  lr: CountState;
}
/** `momentum`'s and `nesterov`'s state: the velocity is `trace.trace`. */
export interface MomentumState extends DecayState {
  lr: CountState;
  trace: TraceState;
}
/** The named `adagrad`'s state: the sum of squares is `adagrad.sum`. */
export interface AdagradOptimizerState extends DecayState {
  adagrad: AdagradState;
  lr: CountState;
}
/** `rmsprop`'s state: `trace` only with momentum or nesterov. */
export interface RmspropState extends DecayState {
  rms: RmsState;
  trace?: TraceState;
  lr: CountState;
}
/** `adam`'s, `adamw`'s and `nadam`'s state: the moments are `adam.mu`, `adam.nu`. */
export interface AdamOptimizerState extends DecayState {
  adam: AdamState;
  lr: CountState;
}

function hasDecay(wd: Hyper): boolean {
  return typeof wd !== 'number' || wd !== 0;
}

/** The coupled weight-decay link `{ decay }` at the head of a chain, or `{}` when there is none. */
function head(o: { weightDecay: Hyper; mask?: Mask | undefined }): {
  decay?: Transform<CountState>;
} {
  if (!hasDecay(o.weightDecay)) return {};
  return { decay: addWeightDecay(o.weightDecay, o.mask === undefined ? {} : { mask: o.mask }) };
}

/** The weight decay of `head`, for the fused step. */
function headDecay(o: { weightDecay: Hyper; mask?: Mask | undefined }): Decay {
  return { wd: o.weightDecay, ranges: decayRanges(o.mask) };
}

/** `sgd`'s options: `lr` ε (required; a number or a schedule), `weightDecay` (default 0) and its `mask`. */
export const sgdSchema = z.strictObject({ lr: rate(), ...decayFields() });
export type SgdOptions = z.input<typeof sgdSchema>;

/**
 * Deep Learning Algorithm 8.1: θ ← θ − ε_k g (g plus wd·θ when weightDecay > 0).
 *
 * @example
 * ```ts
 * import { optim } from 'optlab/core';
 * // minimise f(θ) = ½‖θ‖², whose gradient is θ
 * const opt = optim.sgd({ lr: 0.1 });
 * const theta = new Float64Array([3, -4]);
 * const state = opt.init(theta);
 * for (let k = 0; k < 50; k++) optim.step(opt, theta, Float64Array.from(theta), state);
 * console.log(theta, state.lr.count); // ≈ 0.9⁵⁰·[3, −4] ≈ [0.015, −0.021], 50 updates
 * ```
 */
export function sgd(options: SgdOptions): Optimizer<SgdState> {
  const o = parseOptions('sgd', sgdSchema, options);
  const t = namedChain({ ...head(o), lr: scaleByLearningRate(o.lr) });
  return { ...t, step: sgdStep(o.lr, headDecay(o)) };
}

/** `momentum`'s and `nesterov`'s options: `lr` (required), `momentum` μ ∈ [0, 1] (the book's α; a number or schedule, default 0.9), `weightDecay` 0, `mask`. */
export const momentumSchema = z.strictObject({
  lr: rate(),
  momentum: hyper(unit()).default(0.9),
  ...decayFields(),
});
export type MomentumOptions = z.input<typeof momentumSchema>;

function momentumLike(
  where: string,
  options: MomentumOptions,
  nesterov: boolean,
): Optimizer<MomentumState> {
  const o = parseOptions(where, momentumSchema, options);
  const t = namedChain({
    ...head(o),
    lr: scaleByLearningRate(o.lr),
    trace: trace({ decay: o.momentum, nesterov }),
  });
  return { ...t, step: momentumStep(o.lr, o.momentum, nesterov, headDecay(o)) };
}

/**
 * Deep Learning Algorithm 8.2 (Polyak heavy ball): v ← μv − ε_k g; θ ← θ + v.
 * The rate multiplies g inside v, as in the book (equal to PyTorch for constant ε).
 */
export function momentum(o: MomentumOptions): Optimizer<MomentumState> {
  return momentumLike('momentum', o, false);
}

/**
 * Deep Learning Algorithm 8.3 in look-ahead form (θ stored = θ_book + μv, the
 * gradient taken at the stored θ): v' ← μv − ε_k g; θ ← θ + μv' − ε_k g.
 * Identical to PyTorch's `nesterov=True` for a constant rate.
 */
export function nesterov(o: MomentumOptions): Optimizer<MomentumState> {
  return momentumLike('nesterov', o, true);
}

/** The named `adagrad`'s options: `lr` (required), `eps` δ (default 1e-7, outside the root), `weightDecay` 0, `mask`. */
export const adagradSchema = z.strictObject({
  lr: rate(),
  eps: scaleByAdagradSchema.shape.eps,
  ...decayFields(),
});
export type AdagradNamedOptions = z.input<typeof adagradSchema>;

/** Deep Learning Algorithm 8.4: r ← r + g²; θ ← θ − ε_k g/(δ + √r). */
export function adagrad(options: AdagradNamedOptions): Optimizer<AdagradOptimizerState> {
  const o = parseOptions('adagrad', adagradSchema, options);
  const t = namedChain({
    ...head(o),
    adagrad: scaleByAdagrad({ eps: o.eps }),
    lr: scaleByLearningRate(o.lr),
  });
  return { ...t, step: adagradStep(o.lr, o.eps, false, headDecay(o)) };
}

/** `rmsprop`'s options and their defaults. */
export const rmspropSchema = z.strictObject({
  /** ε_k, required: a number or a schedule. */
  lr: rate(),
  /** ρ (default 0.9), δ (1e-6), δ inside the root (book; default true), centred (default false): `scaleByRms`'s. */
  ...scaleByRmsSchema.pick({ decay: true, eps: true, epsInSqrt: true, centered: true }).shape,
  /** μ > 0: b ← μb + g/d; θ ← θ − ε_k b (PyTorch). */
  momentum: hyper(unit()).default(0),
  /** Algorithm 8.6 (RMSProp + Nesterov) in look-ahead form. */
  nesterov: z.boolean().default(false),
  /** α of Algorithm 8.6. */
  nesterovMomentum: hyper(unit()).default(0.9),
  ...decayFields(),
});
export type RmspropOptions = z.input<typeof rmspropSchema>;

/**
 * Deep Learning Algorithm 8.5: r ← ρr + (1−ρ)g²; θ ← θ − ε_k g/√(δ + r) (δ placement
 * by `epsInSqrt`; centred and momentum variants as PyTorch). With `nesterov: true`,
 * Algorithm 8.6 in look-ahead form (φ = θ + αv stored): v' ← αv − ε_k g/d;
 * φ ← φ + αv' − ε_k g/d. `momentum > 0` together with `nesterov` is an error.
 */
export function rmsprop(options: RmspropOptions): Optimizer<RmspropState> {
  const o = parseOptions('rmsprop', rmspropSchema, options);
  const { lr, momentum: mom, nesterovMomentum: nm } = o;
  if (o.nesterov && hasDecay(mom)) {
    throw new RangeError(
      `rmsprop: option momentum must be 0 when nesterov is true (use nesterovMomentum), got ${String(options.momentum)}`,
    );
  }
  const cfg = { decay: o.decay, eps: o.eps, epsInSqrt: o.epsInSqrt, centered: o.centered };
  const pre = { ...head(o), rms: scaleByRms(cfg) };
  const d = headDecay(o);
  const k = { rho: cfg.decay, eps: cfg.eps, epsInSqrt: cfg.epsInSqrt };
  let t: Transform<RmspropState>;
  if (o.nesterov) {
    t = namedChain({
      ...pre,
      lr: scaleByLearningRate(lr),
      trace: trace({ decay: nm, nesterov: true }),
    });
    return { ...t, step: rmspropStep(lr, { ...k, mode: 'nesterov', mu: nm }, d) };
  }
  if (hasDecay(mom)) {
    t = namedChain({ ...pre, trace: trace({ decay: mom }), lr: scaleByLearningRate(lr) });
    return { ...t, step: rmspropStep(lr, { ...k, mode: 'buffer', mu: mom }, d) };
  }
  t = namedChain({ ...pre, lr: scaleByLearningRate(lr) });
  return { ...t, step: rmspropStep(lr, { ...k, mode: 'none', mu: 0 }, d) };
}

function adamLike(
  o: z.output<typeof adamSchema>,
  decoupled: boolean,
): Optimizer<AdamOptimizerState> {
  const { lr, weightDecay: wd, nesterov: nest, ...moments } = o;
  const mask = o.mask === undefined ? {} : { mask: o.mask };
  const useWd = hasDecay(wd);
  const t = namedChain({
    ...(useWd && !decoupled ? { decay: addWeightDecay(wd, mask) } : {}),
    adam: scaleByAdam({
      b1: moments.b1,
      b2: moments.b2,
      eps: moments.eps,
      epsRoot: moments.epsRoot,
      amsgrad: moments.amsgrad,
      nesterov: nest,
    }),
    ...(useWd && decoupled ? { decay: addDecayedWeights(wd, mask) } : {}),
    lr: scaleByLearningRate(lr),
  });
  if (nest) return t;
  return { ...t, step: adamStep(lr, moments, decoupled, { wd, ranges: decayRanges(o.mask) }) };
}

/**
 * Deep Learning Algorithm 8.7 (Kingma & Ba 2015): see `scaleByAdam`. Defaults
 * (`adamSchema`): lr 0.001, b1 0.9, b2 0.999, eps 1e-8, amsgrad false,
 * weightDecay 0 (coupled).
 *
 * @example
 * ```ts
 * import { objectives, optim } from 'optlab/core';
 * // Rosenbrock's valley from the textbook start (−1.2, 1); its minimum is (1, 1)
 * const f = objectives.rosenbrock(2);
 * const opt = optim.adam({ lr: 0.02 });
 * const theta = new Float64Array([-1.2, 1]);
 * const grad = new Float64Array(2);
 * const state = opt.init(theta);
 * for (let k = 0; k < 3000; k++) {
 *   f.valueAndGrad(theta, grad);
 *   optim.step(opt, theta, grad, state);
 * }
 * console.log(theta, state.adam.count); // close to [1, 1] after 3000 updates
 * ```
 */
export function adam(o: AdamNamedOptions = {}): Optimizer<AdamOptimizerState> {
  return adamLike(parseOptions('adam', adamSchema, o), false);
}

/**
 * AdamW (Loshchilov & Hutter 2019): θ ← θ(1 − ε_k wd) − ε_k ŝ/(√r̂ + δ); weightDecay
 * default 0.01, decoupled (never added to g).
 */
export function adamw(o: AdamNamedOptions = {}): Optimizer<AdamOptimizerState> {
  return adamLike(parseOptions('adamw', adamwSchema, o), true);
}

/**
 * NAdam (Dozat 2016): Adam with the Nesterov-corrected first moment (see `scaleByAdam`). Default lr 0.002.
 * With `momentumDecay` ψ: PyTorch's momentum-decay schedule instead (`nadamSchedule` in nadam.ts).
 */
export function nadam(
  options: z.input<typeof nadamSchema> = {},
): Optimizer<AdamOptimizerState | NadamScheduleOptimizerState> {
  const { momentumDecay, ...o } = parseOptions('nadam', nadamSchema, options);
  if (momentumDecay !== undefined) {
    const { b1, b2, eps, lr, weightDecay, mask } = o;
    return nadamSchedule({
      b1,
      b2,
      eps,
      lr,
      weightDecay,
      momentumDecay,
      ...(mask === undefined ? {} : { mask }),
    });
  }
  return adamLike({ ...o, nesterov: true }, false);
}
