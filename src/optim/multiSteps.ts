/**
 * `multiSteps(inner, k)` — gradient accumulation (Optax `MultiSteps`): the mean
 * of k successive gradients is handed to the inner optimizer once every k
 * calls; the other calls return a zero update (θ unchanged). Emulates a batch k
 * times larger. The inner optimizer counts its own updates, so its schedules
 * advance once per k calls.
 *
 * State: `{miniStep, acc, inner}` — `miniStep` ∈ [0, k), `acc` the running mean.
 */
import type { Transform, Vec } from './types.js';
import { zerosLike } from './types.js';

export interface MultiStepsState<S> {
  miniStep: number;
  acc: Vec;
  inner: S;
}

export function multiSteps<S>(inner: Transform<S>, every: number): Transform<MultiStepsState<S>> {
  if (!Number.isInteger(every) || every < 1) {
    throw new RangeError(`multiSteps: option every must be an integer ≥ 1, got ${every}`);
  }
  return {
    init: (p) => ({ miniStep: 0, acc: zerosLike(p), inner: inner.init(p) }),
    update(u, s, p) {
      const acc = s.acc;
      const n = u.length;
      const j = s.miniStep + 1;
      // running mean: acc ← acc + (g − acc)/j
      for (let i = 0; i < n; i++) acc[i] = acc[i]! + (u[i]! - acc[i]!) / j;
      if (j < every) {
        s.miniStep = j;
        u.fill(0);
        return;
      }
      s.miniStep = 0;
      u.set(acc);
      acc.fill(0);
      inner.update(u, s.inner, p);
    },
  };
}
