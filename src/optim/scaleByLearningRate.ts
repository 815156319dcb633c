/**
 * `scaleByLearningRate(lr)`: u ← −ε_k u, the last link of every named optimizer
 * (the sign makes the update a descent step to ADD to θ).
 *
 * Options: `lr` — a number ε > 0 or a schedule k ↦ ε_k (k = 0 for the first
 * update); `flipSign` (default true) — false gives u ← ε_k u (for ascent).
 *
 * Reference: Optax `scale_by_learning_rate`; the book writes ε for the rate.
 */
import { z } from 'zod';
import { parseOptions } from '../options/index.js';
import { rate } from './fields.js';
import type { Hyper, Transform } from './types.js';

const schema = z.strictObject({ lr: rate(), flipSign: z.boolean().default(true) });

export interface CountState {
  /** Number of updates done so far. */
  count: number;
}

export function scaleByLearningRate(
  lr: Hyper,
  opts: { flipSign?: boolean } = {},
): Transform<CountState> {
  const o = parseOptions('scaleByLearningRate', schema, { ...opts, lr });
  const sign = o.flipSign ? -1 : 1;
  return {
    init: () => ({ count: 0 }),
    update(u, s) {
      const c = sign * (typeof lr === 'number' ? lr : lr(s.count));
      s.count++;
      const n = u.length;
      for (let i = 0; i < n; i++) u[i] = u[i]! * c;
    },
  };
}
