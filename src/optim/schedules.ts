/**
 * Learning-rate (or any hyper-parameter) schedules: pure functions k ↦ value of
 * the update number k = 0, 1, 2, … Each factory validates its options once.
 *
 * | factory | value at update k |
 * |---|---|
 * | `constant(v)` | v |
 * | `linearDecay({initial ε0, final ετ, steps τ})` | (1 − k/τ)ε0 + (k/τ)ετ for k ≤ τ, ετ after (Deep Learning §8.3.1, CORRECTIONS #5; the book suggests ετ ≈ ε0/100) |
 * | `stepDecay({initial, stepSize s, gamma γ})` | ε0 γ^⌊k/s⌋ |
 * | `multiStep({initial, milestones, gamma})` | ε0 γ^(number of milestones ≤ k) |
 * | `exponential({initial, gamma})` | ε0 γ^k |
 * | `polynomial({initial, final, steps τ, power p})` | (ε0 − ετ)(1 − k/τ)^p + ετ for k ≤ τ, ετ after |
 * | `cosine({initial, steps T, final = 0, restartMult?})` | ετ + (ε0 − ετ)(1 + cos(π t/T_i))/2, t the position in the current cycle; without `restartMult`, ετ after T; with it, SGDR warm restarts (Loshchilov & Hutter 2017): cycles of length T, T·m, T·m², … |
 * | `warmup({steps w, start = 0}, after)` | linear from `start` to after(0) over k < w, then after(k − w) (Goyal et al. 2017) |
 * | `oneCycle({maxLr, totalSteps, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4, anneal = 'cos'})` | Smith & Topin 2019, as PyTorch's OneCycleLR (two phases): max/div → max over the first pctStart·total − 1 updates, then → max/(div·finalDiv) at update total − 1 |
 */
import { z } from 'zod';
import { count, finite, index, nonnegative, parseOptions, positive } from '../options/index.js';
import type { Schedule } from './types.js';

/** `linearDecay`'s options: `initial` ε0 ≥ 0, `final` ετ ≥ 0, `steps` τ ≥ 1. */
export const linearDecaySchema = z.strictObject({
  initial: nonnegative(),
  final: nonnegative(),
  steps: count(),
});
/** `stepDecay`'s options: `initial` ≥ 0, `stepSize` s ≥ 1, `gamma` γ ≥ 0. */
export const stepDecaySchema = z.strictObject({
  initial: nonnegative(),
  stepSize: count(),
  gamma: nonnegative(),
});
/** `multiStep`'s options: `initial` ≥ 0, increasing `milestones` (integers ≥ 0), `gamma` ≥ 0. */
export const multiStepSchema = z.strictObject({
  initial: nonnegative(),
  milestones: z.array(index()),
  gamma: nonnegative(),
});
/** `exponential`'s options: `initial` ≥ 0, `gamma` ≥ 0. */
export const exponentialSchema = z.strictObject({ initial: nonnegative(), gamma: nonnegative() });
/** `polynomial`'s options: `initial`, `final` ≥ 0, `steps` ≥ 1, `power` p > 0 (default 1). */
export const polynomialSchema = z.strictObject({
  initial: nonnegative(),
  final: nonnegative(),
  steps: count(),
  power: positive().default(1),
});
/** `cosine`'s options: `initial` ≥ 0, `steps` T ≥ 1, `final` (default 0), `restartMult` ≥ 1 (SGDR). */
export const cosineSchema = z.strictObject({
  initial: nonnegative(),
  steps: count(),
  final: nonnegative().default(0),
  /** SGDR: after each cycle restart with a cycle this many times longer (≥ 1). */
  restartMult: z.number().min(1).optional(),
});
/** `warmup`'s options: `steps` w ≥ 0, `start` (default 0). */
export const warmupSchema = z.strictObject({ steps: index(), start: nonnegative().default(0) });
/** `oneCycle`'s options and their defaults (PyTorch's OneCycleLR). */
export const oneCycleSchema = z.strictObject({
  maxLr: positive(),
  totalSteps: z.number().int().min(2),
  pctStart: z.number().gt(0).lt(1).default(0.3),
  divFactor: positive().default(25),
  finalDivFactor: positive().default(1e4),
  anneal: z.enum(['cos', 'linear']).default('cos'),
});

export function constant(v: number): Schedule {
  parseOptions('constant', z.strictObject({ value: finite() }), { value: v });
  return () => v;
}

export type LinearDecayOptions = z.input<typeof linearDecaySchema>;

export function linearDecay(o: LinearDecayOptions): Schedule {
  const { initial: e0, final: et, steps: tau } = parseOptions('linearDecay', linearDecaySchema, o);
  return (k) => {
    if (k >= tau) return et;
    const a = k / tau;
    return (1 - a) * e0 + a * et;
  };
}

export function stepDecay(o: z.input<typeof stepDecaySchema>): Schedule {
  const { initial: e0, stepSize: s, gamma: g } = parseOptions('stepDecay', stepDecaySchema, o);
  return (k) => e0 * g ** Math.floor(k / s);
}

export function multiStep(o: z.input<typeof multiStepSchema>): Schedule {
  const { initial: e0, gamma: g, milestones: ms } = parseOptions('multiStep', multiStepSchema, o);
  for (let i = 1; i < ms.length; i++) {
    if (ms[i]! <= ms[i - 1]!) {
      throw new RangeError(`multiStep: option milestones must increase, got ${ms.join(', ')}`);
    }
  }
  return (k) => {
    let c = 0;
    while (c < ms.length && ms[c]! <= k) c++;
    return e0 * g ** c;
  };
}

export function exponential(o: z.input<typeof exponentialSchema>): Schedule {
  const { initial: e0, gamma: g } = parseOptions('exponential', exponentialSchema, o);
  return (k) => e0 * g ** k;
}

export function polynomial(o: z.input<typeof polynomialSchema>): Schedule {
  const c = parseOptions('polynomial', polynomialSchema, o);
  const { initial: e0, final: et, steps: tau, power: p } = c;
  return (k) => (k >= tau ? et : (e0 - et) * (1 - k / tau) ** p + et);
}

export type CosineOptions = z.input<typeof cosineSchema>;

export function cosine(o: CosineOptions): Schedule {
  const {
    initial: e0,
    steps: T,
    final: et,
    restartMult: mult,
  } = parseOptions('cosine', cosineSchema, o);
  return (k) => {
    let t = k;
    let Ti = T;
    if (mult === undefined) {
      if (k >= T) return et;
    } else {
      while (t >= Ti) {
        t -= Ti;
        Ti *= mult;
      }
    }
    return et + ((e0 - et) * (1 + Math.cos((Math.PI * t) / Ti))) / 2;
  };
}

export function warmup(o: z.input<typeof warmupSchema>, after: Schedule): Schedule {
  const { steps: w, start: s } = parseOptions('warmup', warmupSchema, o);
  const peak = after(0);
  return (k) => (k < w ? s + ((peak - s) * k) / w : after(k - w));
}

export type OneCycleOptions = z.input<typeof oneCycleSchema>;

export function oneCycle(o: OneCycleOptions): Schedule {
  const c = parseOptions('oneCycle', oneCycleSchema, o);
  const { maxLr: max, totalSteps: total, pctStart: pct, anneal } = c;
  const div = c.divFactor;
  const fdiv = c.finalDivFactor;
  const init = max / div;
  const min = init / fdiv;
  const end1 = pct * total - 1;
  const end2 = total - 1;
  const f = (a: number, b: number, x: number) =>
    anneal === 'cos' ? b + ((a - b) / 2) * (Math.cos(Math.PI * x) + 1) : (b - a) * x + a;
  return (k) => {
    if (k <= end1) return f(init, max, end1 <= 0 ? 1 : k / end1);
    if (k >= end2) return min;
    return f(max, min, (k - end1) / (end2 - end1));
  };
}
