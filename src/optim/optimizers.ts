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

import { type AdagradState, scaleByAdagrad } from './adagrad.js';
import { type AdamOptions, type AdamState, adamConfig, scaleByAdam } from './adam.js';
import { namedChain } from './base.js';
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
import { type RmsState, scaleByRms } from './rms.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import { checkHyper, checkNumber, type Hyper, type Transform } from './types.js';
import { addDecayedWeights, addWeightDecay, type Mask } from './weightDecay.js';

export interface DecayOptions {
  /** Coupled L2 (or decoupled for adamw) coefficient. Default 0 (adamw: 0.01). */
  weightDecay?: Hyper;
  /** Elements to decay (weights, not biases). Default: all. */
  mask?: Mask;
}

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
function head(where: string, o: DecayOptions): { decay?: Transform<CountState> } {
  const wd = checkHyper(where, 'weightDecay', o.weightDecay ?? 0, 0, Number.POSITIVE_INFINITY);
  if (!hasDecay(wd)) return {};
  return { decay: addWeightDecay(wd, o.mask === undefined ? {} : { mask: o.mask }) };
}

/** The weight decay of `head`, for the fused step. */
function headDecay(o: DecayOptions): Decay {
  return { wd: o.weightDecay ?? 0, ranges: decayRanges(o.mask) };
}

function requireLr(where: string, lr: Hyper | undefined): Hyper {
  if (lr === undefined) throw new TypeError(`${where}: option lr is required`);
  return checkHyper(where, 'lr', lr, 0, Number.POSITIVE_INFINITY);
}

export interface SgdOptions extends DecayOptions {
  lr: Hyper;
}

/** Deep Learning Algorithm 8.1: θ ← θ − ε_k g (g plus wd·θ when weightDecay > 0). */
export function sgd(o: SgdOptions): Optimizer<SgdState> {
  const lr = requireLr('sgd', o.lr);
  const t = namedChain({ ...head('sgd', o), lr: scaleByLearningRate(lr) });
  return { ...t, step: sgdStep(lr, headDecay(o)) };
}

export interface MomentumOptions extends DecayOptions {
  lr: Hyper;
  /** μ (the book's α), default 0.9. */
  momentum?: Hyper;
}

function momentumLike(
  where: string,
  o: MomentumOptions,
  nesterov: boolean,
): Optimizer<MomentumState> {
  const lr = requireLr(where, o.lr);
  const mu = checkHyper(where, 'momentum', o.momentum ?? 0.9, 0, 1);
  const t = namedChain({
    ...head(where, o),
    lr: scaleByLearningRate(lr),
    trace: trace({ decay: mu, nesterov }),
  });
  return { ...t, step: momentumStep(lr, mu, nesterov, headDecay(o)) };
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

export interface AdagradNamedOptions extends DecayOptions {
  lr: Hyper;
  /** δ, default 1e-7, outside the root. */
  eps?: number;
}

/** Deep Learning Algorithm 8.4: r ← r + g²; θ ← θ − ε_k g/(δ + √r). */
export function adagrad(o: AdagradNamedOptions): Optimizer<AdagradOptimizerState> {
  const lr = requireLr('adagrad', o.lr);
  const eps = o.eps ?? 1e-7;
  const t = namedChain({
    ...head('adagrad', o),
    adagrad: scaleByAdagrad({ eps }),
    lr: scaleByLearningRate(lr),
  });
  return { ...t, step: adagradStep(lr, eps, false, headDecay(o)) };
}

export interface RmspropOptions extends DecayOptions {
  lr: Hyper;
  /** ρ, default 0.9. */
  decay?: number;
  /** δ, default 1e-6. */
  eps?: number;
  /** δ inside the root (book) — default true; false: √r + δ (PyTorch, DLFS). */
  epsInSqrt?: boolean;
  /** μ > 0: b ← μb + g/d; θ ← θ − ε_k b (PyTorch). Default 0. */
  momentum?: Hyper;
  /** Graves' centred variant, default false. */
  centered?: boolean;
  /** Algorithm 8.6 (RMSProp + Nesterov) in look-ahead form, default false. */
  nesterov?: boolean;
  /** α of Algorithm 8.6, default 0.9. */
  nesterovMomentum?: Hyper;
}

/**
 * Deep Learning Algorithm 8.5: r ← ρr + (1−ρ)g²; θ ← θ − ε_k g/√(δ + r) (δ placement
 * by `epsInSqrt`; centred and momentum variants as PyTorch). With `nesterov: true`,
 * Algorithm 8.6 in look-ahead form (φ = θ + αv stored): v' ← αv − ε_k g/d;
 * φ ← φ + αv' − ε_k g/d. `momentum > 0` together with `nesterov` is an error.
 */
export function rmsprop(o: RmspropOptions): Optimizer<RmspropState> {
  const lr = requireLr('rmsprop', o.lr);
  const mom = checkHyper('rmsprop', 'momentum', o.momentum ?? 0, 0, 1);
  const nest = o.nesterov ?? false;
  const nm = checkHyper('rmsprop', 'nesterovMomentum', o.nesterovMomentum ?? 0.9, 0, 1);
  if (nest && hasDecay(mom)) {
    throw new RangeError(
      `rmsprop: option momentum must be 0 when nesterov is true (use nesterovMomentum), got ${String(o.momentum)}`,
    );
  }
  const cfg = {
    decay: o.decay ?? 0.9,
    eps: o.eps ?? 1e-6,
    epsInSqrt: o.epsInSqrt ?? true,
    centered: o.centered ?? false,
  };
  const pre = { ...head('rmsprop', o), rms: scaleByRms(cfg) };
  const d = headDecay(o);
  const k = { rho: cfg.decay, eps: cfg.eps, epsInSqrt: cfg.epsInSqrt };
  let t: Transform<RmspropState>;
  if (nest) {
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

export interface AdamNamedOptions extends AdamOptions, DecayOptions {
  /** ε, default 0.001. */
  lr?: Hyper;
}

function adamLike(
  where: string,
  o: AdamNamedOptions,
  decoupled: boolean,
): Optimizer<AdamOptimizerState> {
  const lr = checkHyper(where, 'lr', o.lr ?? 0.001, 0, Number.POSITIVE_INFINITY);
  const cfg = adamConfig(where, o);
  const wd = checkHyper(
    where,
    'weightDecay',
    o.weightDecay ?? (decoupled ? 0.01 : 0),
    0,
    Number.POSITIVE_INFINITY,
  );
  const mask = o.mask === undefined ? {} : { mask: o.mask };
  const useWd = hasDecay(wd);
  const scaled = { adam: scaleByAdam({ ...cfg, nesterov: o.nesterov ?? false }) };
  const t = namedChain({
    ...(useWd && !decoupled ? { decay: addWeightDecay(wd, mask) } : {}),
    ...scaled,
    ...(useWd && decoupled ? { decay: addDecayedWeights(wd, mask) } : {}),
    lr: scaleByLearningRate(lr),
  });
  if (o.nesterov) return t;
  return { ...t, step: adamStep(lr, cfg, decoupled, { wd, ranges: decayRanges(o.mask) }) };
}

/**
 * Deep Learning Algorithm 8.7 (Kingma & Ba 2015): see `scaleByAdam`. Defaults
 * lr 0.001, b1 0.9, b2 0.999, eps 1e-8, amsgrad false, weightDecay 0 (coupled).
 */
export function adam(o: AdamNamedOptions = {}): Optimizer<AdamOptimizerState> {
  return adamLike('adam', o, false);
}

/**
 * AdamW (Loshchilov & Hutter 2019): θ ← θ(1 − ε_k wd) − ε_k ŝ/(√r̂ + δ); weightDecay
 * default 0.01, decoupled (never added to g).
 */
export function adamw(o: AdamNamedOptions = {}): Optimizer<AdamOptimizerState> {
  return adamLike('adamw', o, true);
}

/**
 * NAdam (Dozat 2016): Adam with the Nesterov-corrected first moment (see `scaleByAdam`). Default lr 0.002.
 * With `momentumDecay` ψ: PyTorch's momentum-decay schedule instead (`nadamSchedule` in nadam.ts).
 */
export function nadam(
  o: AdamNamedOptions & { momentumDecay?: number | undefined } = {},
): Optimizer<AdamOptimizerState | NadamScheduleOptimizerState> {
  if (o.momentumDecay !== undefined) return nadamSchedule({ ...o, momentumDecay: o.momentumDecay });
  checkNumber('nadam', 'b1', o.b1 ?? 0.9, 0, 1, { hiOpen: true });
  return adamLike('nadam', { lr: 0.002, ...o, nesterov: true }, false);
}
