/**
 * Composition: `chain`, `applyUpdates`, `step`, `identity`, `scale`.
 *
 * Reference: Optax `chain` / `apply_updates` (Babuschkin et al., 2020).
 */
import type { AnyTransform, Oracle, Transform, Vec } from './types.js';

/** θ ← θ + u, in place. */
export function applyUpdates(params: Vec, updates: Vec): void {
  const n = params.length;
  for (let i = 0; i < n; i++) params[i] = params[i]! + updates[i]!;
}

/**
 * One optimizer step from the gradient: `params += update(grads)`. Uses the
 * transform's fused `step` when it has one; otherwise `update` then
 * `applyUpdates`. `grads` is overwritten with the update (or scratch).
 */
export function step<S>(t: Transform<S>, params: Vec, grads: Vec, state: S, oracle?: Oracle): void {
  if (t.step) t.step(params, grads, state);
  else {
    t.update(grads, state, params, oracle);
    applyUpdates(params, grads);
  }
}

type States<T extends readonly AnyTransform[]> = {
  -readonly [K in keyof T]: T[K] extends Transform<infer S> ? S : never;
};

/**
 * Applies the transforms one after the other; the state is the array of their
 * states. `chain()` with no argument is the identity.
 */
export function chain<T extends readonly AnyTransform[]>(...ts: T): Transform<States<T>> {
  if (ts.length === 1) {
    const only = ts[0]!;
    return {
      init: (p) => [only.init(p)] as States<T>,
      update(u, s, p, o) {
        only.update(u, (s as unknown[])[0], p, o);
      },
      ...(only.evaluationPoint
        ? { evaluationPoint: (s: States<T>) => only.evaluationPoint!((s as unknown[])[0]) }
        : {}),
      ...(only.step
        ? {
            step(p: Vec, g: Vec, s: States<T>) {
              only.step!(p, g, (s as unknown[])[0]);
            },
          }
        : {}),
    };
  }
  const at = ts.findIndex((t) => t.evaluationPoint !== undefined);
  return {
    init: (p) => ts.map((t) => t.init(p)) as States<T>,
    update(u, s, p, o) {
      const ss = s as unknown[];
      for (let i = 0; i < ts.length; i++) ts[i]!.update(u, ss[i], p, o);
    },
    ...(at >= 0
      ? { evaluationPoint: (s: States<T>) => ts[at]!.evaluationPoint!((s as unknown[])[at]) }
      : {}),
  };
}

/** The identity transform (state: empty object). */
export function identity(): Transform<Record<string, never>> {
  return { init: () => ({}), update() {} };
}

/** u ← c·u for a constant c. */
export function scale(c: number): Transform<Record<string, never>> {
  return {
    init: () => ({}),
    update(u) {
      const n = u.length;
      for (let i = 0; i < n; i++) u[i] = u[i]! * c;
    },
  };
}
