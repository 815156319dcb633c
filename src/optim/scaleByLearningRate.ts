/**
 * `scaleByLearningRate(lr)`: u ← −ε_k u, the last link of every named optimizer
 * (the sign makes the update a descent step to ADD to θ).
 *
 * Options: `lr` — a number ε > 0 or a schedule k ↦ ε_k (k = 0 for the first
 * update); `flipSign` (default true) — false gives u ← ε_k u (for ascent).
 *
 * Reference: Optax `scale_by_learning_rate`; the book writes ε for the rate.
 */
import { checkHyper, type Hyper, type Transform } from './types.js';

export interface CountState {
  /** Number of updates done so far. */
  count: number;
}

export function scaleByLearningRate(
  lr: Hyper,
  opts: { flipSign?: boolean } = {},
): Transform<CountState> {
  checkHyper('scaleByLearningRate', 'lr', lr, 0, Number.POSITIVE_INFINITY);
  const sign = opts.flipSign === false ? 1 : -1;
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
