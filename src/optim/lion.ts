/**
 * `scaleByLion` / `lion` — EvoLved Sign Momentum (Chen et al. 2023, "Symbolic
 * discovery of optimization algorithms", Program 1):
 *
 *     u ← sign(β1 m + (1 − β1) g);    m ← β2 m + (1 − β2) g
 *     θ ← θ − lr (u + wd θ)           (decoupled weight decay)
 *
 * Options: `b1` 0.9, `b2` 0.99; named `lion` adds `lr` (default 1e-4) and
 * decoupled `weightDecay` (default 0). sign(0) = 0.
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
import { addDecayedWeights } from './weightDecay.js';

export interface LionOptions {
  b1?: number;
  b2?: number;
}

export function scaleByLion(o: LionOptions = {}): Transform<{ mu: Vec }> {
  const b1 = checkNumber('scaleByLion', 'b1', o.b1 ?? 0.9, 0, 1);
  const b2 = checkNumber('scaleByLion', 'b2', o.b2 ?? 0.99, 0, 1);
  return {
    init: (p) => ({ mu: zerosLike(p) }),
    update(u, s) {
      const m = s.mu;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        const c = b1 * m[i]! + (1 - b1) * g;
        m[i] = b2 * m[i]! + (1 - b2) * g;
        u[i] = c > 0 ? 1 : c < 0 ? -1 : 0;
      }
    },
  };
}

/** `lion`'s state: lion → decay? (decoupled) → lr. */
export interface LionOptimizerState extends DecayState {
  lion: { mu: Vec };
  lr: CountState;
}

export function lion(
  o: LionOptions & DecayOptions & { lr?: Hyper } = {},
): Optimizer<LionOptimizerState> {
  const lr = checkHyper('lion', 'lr', o.lr ?? 1e-4, 0, Number.POSITIVE_INFINITY);
  const wd = checkHyper('lion', 'weightDecay', o.weightDecay ?? 0, 0, Number.POSITIVE_INFINITY);
  const post =
    wd === 0 ? {} : { decay: addDecayedWeights(wd, o.mask === undefined ? {} : { mask: o.mask }) };
  return namedChain({ lion: scaleByLion(o), ...post, lr: scaleByLearningRate(lr) });
}
