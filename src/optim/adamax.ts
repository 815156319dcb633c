/**
 * `scaleByAdamax` / `adamax` — Adam with the infinity norm (Kingma & Ba 2015, §7.1):
 *
 *     s ← ρ1 s + (1 − ρ1) g;   w ← max(ρ2 w, |g|);   u ← (s/(1 − ρ1ᵗ)) / (w + δ)
 *
 * (δ added to the denominator as Optax does; PyTorch adds it inside the max.)
 * Options: `b1` 0.9, `b2` 0.999, `eps` 1e-8; named `adamax` adds `lr` (default
 * 0.002, the paper's) and coupled `weightDecay` (default 0).
 */
import { namedChain } from './base.js';
import type { DecayOptions, DecayState, Optimizer } from './optimizers.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import {
  checkHyper,
  checkNumber,
  type Hyper,
  type Transform,
  type Vec,
  zerosLike,
} from './types.js';
import { addWeightDecay } from './weightDecay.js';

export interface AdamaxOptions {
  b1?: number;
  b2?: number;
  eps?: number;
}

export interface AdamaxState {
  count: number;
  mu: Vec;
  /** Exponentially weighted infinity norm w. */
  nuInf: Vec;
}

export function scaleByAdamax(o: AdamaxOptions = {}): Transform<AdamaxState> {
  const w = 'scaleByAdamax';
  const b1 = checkNumber(w, 'b1', o.b1 ?? 0.9, 0, 1, { hiOpen: true });
  const b2 = checkNumber(w, 'b2', o.b2 ?? 0.999, 0, 1, { hiOpen: true });
  const eps = checkNumber(w, 'eps', o.eps ?? 1e-8, 0, Number.POSITIVE_INFINITY);
  const a1 = 1 - b1;
  return {
    init: (p) => ({ count: 0, mu: zerosLike(p), nuInf: zerosLike(p) }),
    update(u, s) {
      const t = ++s.count;
      const c1 = 1 / (1 - b1 ** t);
      const m = s.mu;
      const v = s.nuInf;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        m[i] = b1 * m[i]! + a1 * g;
        const ag = Math.abs(g);
        v[i] = Math.max(b2 * v[i]!, ag);
        u[i] = (m[i]! * c1) / (v[i]! + eps);
      }
    },
  };
}

/** `adamax`'s state: decay? → adamax → lr. */
export interface AdamaxOptimizerState extends DecayState {
  adamax: AdamaxState;
  lr: CountState;
}

export function adamax(
  o: AdamaxOptions & DecayOptions & { lr?: Hyper } = {},
): Optimizer<AdamaxOptimizerState> {
  const lr = checkHyper('adamax', 'lr', o.lr ?? 0.002, 0, Number.POSITIVE_INFINITY);
  const wd = checkHyper('adamax', 'weightDecay', o.weightDecay ?? 0, 0, Number.POSITIVE_INFINITY);
  const pre =
    wd === 0 ? {} : { decay: addWeightDecay(wd, o.mask === undefined ? {} : { mask: o.mask }) };
  return namedChain({ ...pre, adamax: scaleByAdamax(o), lr: scaleByLearningRate(lr) });
}
