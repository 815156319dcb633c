/**
 * `scaleByAdadelta` / `adadelta` (Zeiler 2012, Algorithm 1):
 *
 *     E[g²] ← ρE[g²] + (1 − ρ)g²
 *     Δ = √(E[Δ²] + δ)/√(E[g²] + δ) ⊙ g
 *     E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ²
 *     u ← Δ      (then −lr·u; the paper has no rate, i.e. lr = 1)
 *
 * Options: `decay` ρ (default 0.9, PyTorch; the paper uses 0.95), `eps` δ
 * (default 1e-6); named `adadelta` adds `lr` (default 1) and coupled `weightDecay`.
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

export interface AdadeltaOptions {
  decay?: number;
  eps?: number;
}

export interface AdadeltaState {
  /** E[g²] */
  g2: Vec;
  /** E[Δ²] */
  d2: Vec;
}

export function scaleByAdadelta(o: AdadeltaOptions = {}): Transform<AdadeltaState> {
  const rho = checkNumber('scaleByAdadelta', 'decay', o.decay ?? 0.9, 0, 1, { hiOpen: true });
  const eps = checkNumber('scaleByAdadelta', 'eps', o.eps ?? 1e-6, 0, Number.POSITIVE_INFINITY, {
    loOpen: true,
  });
  const a = 1 - rho;
  return {
    init: (p) => ({ g2: zerosLike(p), d2: zerosLike(p) }),
    update(u, s) {
      const eg = s.g2;
      const ed = s.d2;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        eg[i] = rho * eg[i]! + a * (g * g);
        const d = (Math.sqrt(ed[i]! + eps) / Math.sqrt(eg[i]! + eps)) * g;
        ed[i] = rho * ed[i]! + a * (d * d);
        u[i] = d;
      }
    },
  };
}

/** `adadelta`'s state: decay? → adadelta → lr. */
export interface AdadeltaOptimizerState extends DecayState {
  adadelta: AdadeltaState;
  lr: CountState;
}

export function adadelta(
  o: AdadeltaOptions & DecayOptions & { lr?: Hyper } = {},
): Optimizer<AdadeltaOptimizerState> {
  const lr = checkHyper('adadelta', 'lr', o.lr ?? 1, 0, Number.POSITIVE_INFINITY);
  const wd = checkHyper('adadelta', 'weightDecay', o.weightDecay ?? 0, 0, Infinity);
  const pre =
    wd === 0 ? {} : { decay: addWeightDecay(wd, o.mask === undefined ? {} : { mask: o.mask }) };
  return namedChain({ ...pre, adadelta: scaleByAdadelta(o), lr: scaleByLearningRate(lr) });
}
