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
import { z } from 'zod';
import { parseOptions, unit } from '../options/index.js';
import { namedChain } from './base.js';
import { decayFields, rate } from './fields.js';
import type { DecayState, Optimizer } from './optimizers.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import { type Transform, type Vec, zerosLike } from './types.js';
import { decayLink } from './weightDecay.js';

/** `scaleByLion`'s options: `b1` ∈ [0, 1] (default 0.9), `b2` ∈ [0, 1] (default 0.99). */
export const scaleByLionSchema = z.strictObject({
  b1: unit().default(0.9),
  b2: unit().default(0.99),
});
export type LionOptions = z.input<typeof scaleByLionSchema>;
/** `lion`'s options: `scaleByLion`'s, `lr` (default 1e-4), decoupled `weightDecay` 0, `mask`. */
export const lionSchema = scaleByLionSchema.extend({ lr: rate().default(1e-4), ...decayFields() });

export function scaleByLion(o: LionOptions = {}): Transform<{ mu: Vec }> {
  const { b1, b2 } = parseOptions('scaleByLion', scaleByLionSchema, o);
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

export function lion(options: z.input<typeof lionSchema> = {}): Optimizer<LionOptimizerState> {
  const { lr, weightDecay, mask, b1, b2 } = parseOptions('lion', lionSchema, options);
  return namedChain({
    lion: scaleByLion({ b1, b2 }),
    ...decayLink({ weightDecay, mask }, true),
    lr: scaleByLearningRate(lr),
  });
}
