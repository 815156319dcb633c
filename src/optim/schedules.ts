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
import { checkNumber, type Schedule } from './types.js';

const INF = Number.POSITIVE_INFINITY;

export function constant(v: number): Schedule {
  checkNumber('constant', 'value', v, -INF, INF);
  return () => v;
}

function checkSteps(where: string, name: string, s: number, min = 1): number {
  if (!Number.isInteger(s) || s < min) {
    throw new RangeError(`${where}: option ${name} must be an integer ≥ ${min}, got ${s}`);
  }
  return s;
}

export interface LinearDecayOptions {
  initial: number;
  final: number;
  steps: number;
}

export function linearDecay(o: LinearDecayOptions): Schedule {
  const e0 = checkNumber('linearDecay', 'initial', o.initial, 0, INF);
  const et = checkNumber('linearDecay', 'final', o.final, 0, INF);
  const tau = checkSteps('linearDecay', 'steps', o.steps);
  return (k) => {
    if (k >= tau) return et;
    const a = k / tau;
    return (1 - a) * e0 + a * et;
  };
}

export function stepDecay(o: { initial: number; stepSize: number; gamma: number }): Schedule {
  const e0 = checkNumber('stepDecay', 'initial', o.initial, 0, INF);
  const s = checkSteps('stepDecay', 'stepSize', o.stepSize);
  const g = checkNumber('stepDecay', 'gamma', o.gamma, 0, INF);
  return (k) => e0 * g ** Math.floor(k / s);
}

export function multiStep(o: {
  initial: number;
  milestones: readonly number[];
  gamma: number;
}): Schedule {
  const e0 = checkNumber('multiStep', 'initial', o.initial, 0, INF);
  const g = checkNumber('multiStep', 'gamma', o.gamma, 0, INF);
  const ms = [...o.milestones];
  for (let i = 0; i < ms.length; i++) {
    checkSteps('multiStep', `milestones[${i}]`, ms[i]!, 0);
    if (i > 0 && ms[i]! <= ms[i - 1]!) {
      throw new RangeError(`multiStep: option milestones must increase, got ${ms.join(', ')}`);
    }
  }
  return (k) => {
    let c = 0;
    while (c < ms.length && ms[c]! <= k) c++;
    return e0 * g ** c;
  };
}

export function exponential(o: { initial: number; gamma: number }): Schedule {
  const e0 = checkNumber('exponential', 'initial', o.initial, 0, INF);
  const g = checkNumber('exponential', 'gamma', o.gamma, 0, INF);
  return (k) => e0 * g ** k;
}

export function polynomial(o: {
  initial: number;
  final: number;
  steps: number;
  power: number;
}): Schedule {
  const e0 = checkNumber('polynomial', 'initial', o.initial, 0, INF);
  const et = checkNumber('polynomial', 'final', o.final, 0, INF);
  const tau = checkSteps('polynomial', 'steps', o.steps);
  const p = checkNumber('polynomial', 'power', o.power, 0, INF, { loOpen: true });
  return (k) => (k >= tau ? et : (e0 - et) * (1 - k / tau) ** p + et);
}

export interface CosineOptions {
  initial: number;
  steps: number;
  final?: number;
  /** SGDR: after each cycle restart with a cycle this many times longer (≥ 1). */
  restartMult?: number;
}

export function cosine(o: CosineOptions): Schedule {
  const e0 = checkNumber('cosine', 'initial', o.initial, 0, INF);
  const T = checkSteps('cosine', 'steps', o.steps);
  const et = checkNumber('cosine', 'final', o.final ?? 0, 0, INF);
  const mult =
    o.restartMult === undefined
      ? undefined
      : checkNumber('cosine', 'restartMult', o.restartMult, 1, INF);
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

export function warmup(o: { steps: number; start?: number }, after: Schedule): Schedule {
  const w = checkSteps('warmup', 'steps', o.steps, 0);
  const s = checkNumber('warmup', 'start', o.start ?? 0, 0, INF);
  const peak = after(0);
  return (k) => (k < w ? s + ((peak - s) * k) / w : after(k - w));
}

export interface OneCycleOptions {
  maxLr: number;
  totalSteps: number;
  pctStart?: number;
  divFactor?: number;
  finalDivFactor?: number;
  anneal?: 'cos' | 'linear';
}

export function oneCycle(o: OneCycleOptions): Schedule {
  const w = 'oneCycle';
  const max = checkNumber(w, 'maxLr', o.maxLr, 0, INF, { loOpen: true });
  const total = checkSteps(w, 'totalSteps', o.totalSteps, 2);
  const pct = checkNumber(w, 'pctStart', o.pctStart ?? 0.3, 0, 1, { loOpen: true, hiOpen: true });
  const div = checkNumber(w, 'divFactor', o.divFactor ?? 25, 0, INF, { loOpen: true });
  const fdiv = checkNumber(w, 'finalDivFactor', o.finalDivFactor ?? 1e4, 0, INF, { loOpen: true });
  const anneal = o.anneal ?? 'cos';
  if (anneal !== 'cos' && anneal !== 'linear') {
    throw new RangeError(`${w}: option anneal must be 'cos' or 'linear', got ${String(anneal)}`);
  }
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
