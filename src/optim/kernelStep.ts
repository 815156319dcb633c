/**
 * The fused `step` of the named optimizers: compute the step's coefficients
 * once (schedules, bias corrections), advance every count of the chain's state
 * exactly as the composed `update` would, and run ONE pass of the backend's
 * optimizer kernel (`backend().optim`, see backend/optimKernels.ts) over θ, ∇θ
 * and the state. The composed chain stays the definition; `suite.test.ts` and
 * `backend/optimKernels.test.ts` check that both paths agree.
 *
 * A weight-decay mask becomes decay ranges once, here, so masked (weights-only)
 * decay is fused too.
 */
import { backend } from '../backend/index.js';
import { type DecayRanges, type OptimKernels, rangesFromMask } from '../backend/optimKernels.js';
import { jsOptimKernels } from '../backend/optimReference.js';
import type {
  AdagradOptimizerState,
  AdamOptimizerState,
  DecayState,
  MomentumState,
  RmspropState,
  SgdState,
} from './optimizers.js';
import type { CountState } from './scaleByLearningRate.js';
import { type Hyper, hyperAt, type Vec } from './types.js';
import { type Mask, toMask } from './weightDecay.js';

/** The decay ranges of a mask (null = decay everything). */
export function decayRanges(mask: Mask | undefined): DecayRanges | null {
  return mask === undefined ? null : rangesFromMask(toMask(mask));
}

/**
 * The kernels of the backend in use, or the reference loops when the arrays'
 * dtypes differ (the kernels assume one dtype per call).
 */
export function kernelsFor(p: Vec, ...others: Vec[]): OptimKernels {
  const k = backend().optim ?? jsOptimKernels;
  if (k === jsOptimKernels) return k;
  const ctor = p.constructor;
  for (const o of others) if (o.length !== 0 && o.constructor !== ctor) return jsOptimKernels;
  return k;
}

/** Reads and advances the count of a state link. */
function tick(s: CountState, h: Hyper): number {
  const x = hyperAt(h, s.count);
  s.count++;
  return x;
}

/** The weight decay of a chain's `decay` link (used only when the state has one). */
export interface Decay {
  wd: Hyper;
  ranges: DecayRanges | null;
}

/** The decay coefficient of this step (advancing the `decay` link's count), 0 without one. */
function decayAt(s: DecayState, d: Decay): number {
  return s.decay ? tick(s.decay, d.wd) : 0;
}

/** sgd: decay? → lr. */
export function sgdStep(lr: Hyper, d: Decay) {
  return (p: Vec, g: Vec, s: SgdState): void => {
    const wd = decayAt(s, d);
    const c = -tick(s.lr, lr);
    kernelsFor(p, g).sgd(p, g, { c, wd }, d.ranges);
  };
}

/** momentum / nesterov: decay? → lr → trace(μ). */
export function momentumStep(lr: Hyper, mu: Hyper, nesterov: boolean, d: Decay) {
  return (p: Vec, g: Vec, s: MomentumState): void => {
    const wd = decayAt(s, d);
    const c = -tick(s.lr, lr);
    const tr = s.trace;
    const m = tick(tr, mu);
    kernelsFor(p, g, tr.trace).momentum(p, g, tr.trace, { mu: m, c, wd, nesterov }, d.ranges);
  };
}

/** adagrad: decay? → adagrad → lr. */
export function adagradStep(lr: Hyper, eps: number, epsInSqrt: boolean, d: Decay) {
  return (p: Vec, g: Vec, s: AdagradOptimizerState): void => {
    const wd = decayAt(s, d);
    const r = s.adagrad.sum;
    const c = -tick(s.lr, lr);
    kernelsFor(p, g, r).adagrad(p, g, r, { c, eps, epsInSqrt, wd }, d.ranges);
  };
}

export interface RmsStepConfig {
  rho: number;
  eps: number;
  epsInSqrt: boolean;
  /** 'none': rms → lr; 'buffer': rms → trace(μ) → lr; 'nesterov': rms → lr → trace(μ, nesterov) */
  mode: 'none' | 'buffer' | 'nesterov';
  mu: Hyper;
}

const EMPTY = new Float64Array(0);

/** rmsprop in its three chain shapes (see `RmsStepConfig.mode`). */
export function rmspropStep(lr: Hyper, o: RmsStepConfig, d: Decay) {
  return (p: Vec, g: Vec, s: RmspropState): void => {
    const wd = decayAt(s, d);
    const rms = s.rms;
    const c = -tick(s.lr, lr);
    let momentum = 0;
    let buf: Vec = EMPTY;
    if (o.mode !== 'none' && s.trace) {
      momentum = tick(s.trace, o.mu);
      buf = s.trace.trace;
    }
    const k = {
      rho: o.rho,
      eps: o.eps,
      epsInSqrt: o.epsInSqrt,
      c,
      wd,
      momentum,
      nesterov: o.mode === 'nesterov',
    };
    kernelsFor(p, g, rms.nu, rms.mu, buf).rmsprop(p, g, rms.nu, rms.mu, buf, k, d.ranges);
  };
}

/** adam / adamw: decay? (coupled) → adam → decay? (decoupled) → lr. */
export function adamStep(
  lr: Hyper,
  cfg: { b1: number; b2: number; eps: number; epsRoot: number },
  decoupled: boolean,
  d: Decay,
) {
  return (p: Vec, g: Vec, s: AdamOptimizerState): void => {
    const w = decayAt(s, d);
    const a = s.adam;
    const t = ++a.count;
    const c = -tick(s.lr, lr);
    const k = {
      b1: cfg.b1,
      b2: cfg.b2,
      c1: 1 / (1 - cfg.b1 ** t),
      c2: 1 / (1 - cfg.b2 ** t),
      eps: cfg.eps,
      epsRoot: cfg.epsRoot,
      c,
      wd: decoupled ? 0 : w,
      wdd: decoupled ? w : 0,
    };
    kernelsFor(p, g, a.mu, a.nu, a.nuMax).adam(p, g, a.mu, a.nu, a.nuMax, k, d.ranges);
  };
}
