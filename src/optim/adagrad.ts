/**
 * `scaleByAdagrad` — AdaGrad's preconditioner (Duchi, Hazan & Singer 2011;
 * Deep Learning Algorithm 8.4, CORRECTIONS #2):
 *
 *     r ← r + g ⊙ g
 *     u ← g / (δ + √r)            (book, PyTorch, DLFS: δ outside the root)
 *     u ← g / √(r + δ)            (epsInSqrt: true; Optax's placement)
 *
 * then `scaleByLearningRate(ε)` gives Δθ = −ε g/(δ + √r).
 *
 * Options: `eps` δ (default 1e-7, the book's), `epsInSqrt` (default false),
 * `initialAccumulator` r₀ (default 0, as PyTorch; Optax uses 0.1).
 */
import { z } from 'zod';
import { nonnegative, parseOptions } from '../options/index.js';
import { type Transform, type Vec, zerosLike } from './types.js';

/** `scaleByAdagrad`'s options and their defaults. */
export const scaleByAdagradSchema = z.strictObject({
  /** δ, outside the root unless `epsInSqrt`. */
  eps: nonnegative().default(1e-7),
  epsInSqrt: z.boolean().default(false),
  /** r₀. */
  initialAccumulator: nonnegative().default(0),
});
export type AdagradOptions = z.input<typeof scaleByAdagradSchema>;

export interface AdagradState {
  /** Running sum of squared gradients r. */
  sum: Vec;
}

export function scaleByAdagrad(o: AdagradOptions = {}): Transform<AdagradState> {
  const c = parseOptions('scaleByAdagrad', scaleByAdagradSchema, o);
  const { eps, epsInSqrt: inSqrt } = c;
  const r0 = c.initialAccumulator;
  return {
    init(p) {
      const sum = zerosLike(p);
      if (r0 !== 0) sum.fill(r0);
      return { sum };
    },
    update(u, s) {
      const r = s.sum;
      const n = u.length;
      if (inSqrt) {
        for (let i = 0; i < n; i++) {
          const g = u[i]!;
          const ri = r[i]! + g * g;
          r[i] = ri;
          u[i] = g / Math.sqrt(r[i]! + eps);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const g = u[i]!;
          r[i] = r[i]! + g * g;
          u[i] = g / (eps + Math.sqrt(r[i]!));
        }
      }
    },
  };
}
