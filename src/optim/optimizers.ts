/**
 * The named optimizers of docs/commands.md's table, each a `chain` of the pieces, with a
 * fused single-pass `step` run by the backend's optimizer kernels (sgd,
 * momentum, nesterov, adagrad, rmsprop, adam, adamw, amsgrad — masked weight
 * decay included; see kernelStep.ts and bench/optim.bench.ts). The state is
 * always the chain's state, so the fused and the chained paths can be mixed
 * freely and one state serialises for both.
 *
 * Every `lr` and `weightDecay` may be a schedule of the update number k; so may
 * the momentum coefficient of `momentum`/`nesterov`. `mask` limits weight decay
 * to the elements where it is non-zero/true (weights, not biases).
 *
 * | name      | chain                                                         |
 * |-----------|---------------------------------------------------------------|
 * | sgd       | addWeightDecay? → scaleByLearningRate                          |
 * | momentum  | addWeightDecay? → scaleByLearningRate → trace(μ)   (book 8.2)  |
 * | nesterov  | addWeightDecay? → scaleByLearningRate → trace(μ, nesterov) (8.3, look-ahead form) |
 * | adagrad   | addWeightDecay? → scaleByAdagrad → scaleByLearningRate (8.4)  |
 * | rmsprop   | addWeightDecay? → scaleByRms → [trace(μ)] → scaleByLearningRate (8.5); nesterov: → scaleByLearningRate → trace(α, nesterov) (8.6) |
 * | adam      | addWeightDecay? → scaleByAdam → scaleByLearningRate (8.7)     |
 * | adamw     | scaleByAdam → addDecayedWeights → scaleByLearningRate         |
 */

import { scaleByAdagrad } from './adagrad.js';
import { type AdamOptions, adamConfig, scaleByAdam } from './adam.js';
import { chain } from './base.js';
import {
  adagradStep,
  adamStep,
  type Decay,
  decayRanges,
  momentumStep,
  rmspropStep,
  sgdStep,
} from './kernelStep.js';
import { trace } from './momentumTrace.js';
import { nadamSchedule } from './nadam.js';
import { scaleByRms } from './rms.js';
import { scaleByLearningRate } from './scaleByLearningRate.js';
import { type AnyTransform, checkHyper, checkNumber, type Hyper, type Transform } from './types.js';
import { addDecayedWeights, addWeightDecay, type Mask } from './weightDecay.js';

export interface DecayOptions {
  /** Coupled L2 (or decoupled for adamw) coefficient. Default 0 (adamw: 0.01). */
  weightDecay?: Hyper;
  /** Elements to decay (weights, not biases). Default: all. */
  mask?: Mask;
}

/** An optimizer: a transform whose state is plain data. */
export type Optimizer = Transform<unknown[]>;

function hasDecay(wd: Hyper): boolean {
  return typeof wd !== 'number' || wd !== 0;
}

/** Coupled weight-decay link (or nothing) at the head of a chain. */
function head(where: string, o: DecayOptions): AnyTransform[] {
  const wd = checkHyper(where, 'weightDecay', o.weightDecay ?? 0, 0, Number.POSITIVE_INFINITY);
  if (!hasDecay(wd)) return [];
  return [addWeightDecay(wd, o.mask === undefined ? {} : { mask: o.mask })];
}

/** Where the coupled decay link of `head` sits, for the fused step. */
function headDecay(pre: AnyTransform[], o: DecayOptions): Decay {
  return { at: pre.length ? 0 : -1, wd: o.weightDecay ?? 0, ranges: decayRanges(o.mask) };
}

function requireLr(where: string, lr: Hyper | undefined): Hyper {
  if (lr === undefined) throw new TypeError(`${where}: option lr is required`);
  return checkHyper(where, 'lr', lr, 0, Number.POSITIVE_INFINITY);
}

export interface SgdOptions extends DecayOptions {
  lr: Hyper;
}

/** Deep Learning Algorithm 8.1: θ ← θ − ε_k g (g plus wd·θ when weightDecay > 0). */
export function sgd(o: SgdOptions): Optimizer {
  const lr = requireLr('sgd', o.lr);
  const pre = head('sgd', o);
  const t = chain(...pre, scaleByLearningRate(lr)) as Optimizer;
  return { ...t, step: sgdStep(lr, headDecay(pre, o)) };
}

export interface MomentumOptions extends DecayOptions {
  lr: Hyper;
  /** μ (the book's α), default 0.9. */
  momentum?: Hyper;
}

function momentumLike(where: string, o: MomentumOptions, nesterov: boolean): Optimizer {
  const lr = requireLr(where, o.lr);
  const mu = checkHyper(where, 'momentum', o.momentum ?? 0.9, 0, 1);
  const pre = head(where, o);
  const t = chain(...pre, scaleByLearningRate(lr), trace({ decay: mu, nesterov })) as Optimizer;
  return { ...t, step: momentumStep(lr, mu, nesterov, headDecay(pre, o)) };
}

/**
 * Deep Learning Algorithm 8.2 (Polyak heavy ball): v ← μv − ε_k g; θ ← θ + v.
 * The rate multiplies g inside v, as in the book (equal to PyTorch for constant ε).
 */
export function momentum(o: MomentumOptions): Optimizer {
  return momentumLike('momentum', o, false);
}

/**
 * Deep Learning Algorithm 8.3 in look-ahead form (θ stored = θ_book + μv, the
 * gradient taken at the stored θ): v' ← μv − ε_k g; θ ← θ + μv' − ε_k g.
 * Identical to PyTorch's `nesterov=True` for a constant rate.
 */
export function nesterov(o: MomentumOptions): Optimizer {
  return momentumLike('nesterov', o, true);
}

export interface AdagradNamedOptions extends DecayOptions {
  lr: Hyper;
  /** δ, default 1e-7, outside the root. */
  eps?: number;
}

/** Deep Learning Algorithm 8.4: r ← r + g²; θ ← θ − ε_k g/(δ + √r). */
export function adagrad(o: AdagradNamedOptions): Optimizer {
  const lr = requireLr('adagrad', o.lr);
  const pre = head('adagrad', o);
  const eps = o.eps ?? 1e-7;
  const t = chain(...pre, scaleByAdagrad({ eps }), scaleByLearningRate(lr)) as Optimizer;
  return { ...t, step: adagradStep(lr, eps, false, headDecay(pre, o)) };
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
export function rmsprop(o: RmspropOptions): Optimizer {
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
  const rms = scaleByRms(cfg);
  const pre = head('rmsprop', o);
  const d = headDecay(pre, o);
  const k = { rho: cfg.decay, eps: cfg.eps, epsInSqrt: cfg.epsInSqrt };
  if (nest) {
    const t = chain(
      ...pre,
      rms,
      scaleByLearningRate(lr),
      trace({ decay: nm, nesterov: true }),
    ) as Optimizer;
    return { ...t, step: rmspropStep(lr, { ...k, mode: 'nesterov', mu: nm }, d) };
  }
  if (hasDecay(mom)) {
    const t = chain(...pre, rms, trace({ decay: mom }), scaleByLearningRate(lr)) as Optimizer;
    return { ...t, step: rmspropStep(lr, { ...k, mode: 'buffer', mu: mom }, d) };
  }
  const t = chain(...pre, rms, scaleByLearningRate(lr)) as Optimizer;
  return { ...t, step: rmspropStep(lr, { ...k, mode: 'none', mu: 0 }, d) };
}

export interface AdamNamedOptions extends AdamOptions, DecayOptions {
  /** ε, default 0.001. */
  lr?: Hyper;
}

function adamLike(where: string, o: AdamNamedOptions, decoupled: boolean): Optimizer {
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
  const links: AnyTransform[] = [];
  if (useWd && !decoupled) links.push(addWeightDecay(wd, mask));
  links.push(scaleByAdam({ ...cfg, nesterov: o.nesterov ?? false }));
  if (useWd && decoupled) links.push(addDecayedWeights(wd, mask));
  links.push(scaleByLearningRate(lr));
  const t = chain(...links) as Optimizer;
  if (o.nesterov) return t;
  const d: Decay = {
    at: useWd ? (decoupled ? 1 : 0) : -1,
    wd,
    ranges: decayRanges(o.mask),
  };
  return { ...t, step: adamStep(lr, cfg, decoupled, d) };
}

/**
 * Deep Learning Algorithm 8.7 (Kingma & Ba 2015): see `scaleByAdam`. Defaults
 * lr 0.001, b1 0.9, b2 0.999, eps 1e-8, amsgrad false, weightDecay 0 (coupled).
 */
export function adam(o: AdamNamedOptions = {}): Optimizer {
  return adamLike('adam', o, false);
}

/**
 * AdamW (Loshchilov & Hutter 2019): θ ← θ(1 − ε_k wd) − ε_k ŝ/(√r̂ + δ); weightDecay
 * default 0.01, decoupled (never added to g).
 */
export function adamw(o: AdamNamedOptions = {}): Optimizer {
  return adamLike('adamw', o, true);
}

/**
 * NAdam (Dozat 2016): Adam with the Nesterov-corrected first moment (see `scaleByAdam`). Default lr 0.002.
 * With `momentumDecay` ψ: PyTorch's momentum-decay schedule instead (`nadamSchedule` in nadam.ts).
 */
export function nadam(
  o: AdamNamedOptions & { momentumDecay?: number | undefined } = {},
): Optimizer {
  if (o.momentumDecay !== undefined) return nadamSchedule({ ...o, momentumDecay: o.momentumDecay });
  checkNumber('nadam', 'b1', o.b1 ?? 0.9, 0, 1, { hiOpen: true });
  return adamLike('nadam', { lr: 0.002, ...o, nesterov: true }, false);
}
