/**
 * Composition: `namedChain`, `chain`, `applyUpdates`, `step`, `identity`, `scale`.
 *
 * Reference: Optax `named_chain`, `chain` / `apply_updates` (Babuschkin et al., 2020).
 */
import type { AnyTransform, Oracle, StateOf, Transform, Vec } from './types.js';

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
 * states, in order. `chain()` with no argument is the identity. Prefer
 * {@link namedChain} when the state is read by anyone but the chain itself.
 *
 * @example
 * ```ts
 * import { optim } from 'optlab/core';
 * // clipped momentum SGD, composed by hand: g → clip to norm 1 → −0.1·g → heavy ball
 * const opt = optim.chain(
 *   optim.clipByGlobalNorm(1),
 *   optim.scaleByLearningRate(0.1),
 *   optim.trace({ decay: 0.9 }),
 * );
 * const theta = new Float64Array([3, 4]);
 * const state = opt.init(theta);
 * optim.step(opt, theta, new Float64Array([30, 40]), state); // ‖g‖ = 50 is clipped to 1
 * console.log(theta); // [3 − 0.06, 4 − 0.08] = [2.94, 3.92]
 * ```
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

/** The state of a {@link namedChain}: each piece's state under the piece's name. */
export type NamedStates<T extends Record<string, AnyTransform | undefined>> = {
  -readonly [K in keyof T]: StateOf<T[K]>;
};

/**
 * Optax's `named_chain`: applies the pieces one after the other, in the order
 * their names were written; the state is a record of the pieces' states under
 * the same names, so it keeps their types (`adam()`'s state is
 * `{ adam: AdamState; lr: CountState }`, read as `s.adam.mu`) and a fused step
 * reads its parts by name. A piece given as `undefined` is left out (an
 * optional link, such as weight decay when it is 0).
 *
 * @example
 * ```ts
 * import { optim } from 'optlab/core';
 * const opt = optim.namedChain({
 *   clip: optim.clipByGlobalNorm(1),
 *   adam: optim.scaleByAdam({ b1: 0.9 }),
 *   lr: optim.scaleByLearningRate(0.01),
 * });
 * const theta = new Float64Array([1, -2]);
 * const state = opt.init(theta);
 * optim.step(opt, theta, new Float64Array([0.5, -4]), state);
 * console.log(theta, state.adam.count, state.lr.count); // θ moved by 0.01 per coordinate; counts 1, 1
 * ```
 */
export function namedChain<T extends Record<string, AnyTransform | undefined>>(
  pieces: T,
): Transform<NamedStates<T>> {
  const entries = Object.entries(pieces).filter(
    (e): e is [string, AnyTransform] => e[1] !== undefined,
  );
  const names = entries.map((e) => e[0]);
  const ts = entries.map((e) => e[1]);
  type S = NamedStates<T>;
  const at = ts.findIndex((t) => t.evaluationPoint !== undefined);
  const only = ts.length === 1 ? ts[0]! : undefined;
  return {
    init(p) {
      const s: Record<string, unknown> = {};
      for (let i = 0; i < ts.length; i++) s[names[i]!] = ts[i]!.init(p);
      return s as S;
    },
    update(u, s, p, o) {
      const r = s as Record<string, unknown>;
      for (let i = 0; i < ts.length; i++) ts[i]!.update(u, r[names[i]!], p, o);
    },
    ...(at >= 0
      ? {
          evaluationPoint: (s: S) =>
            ts[at]!.evaluationPoint!((s as Record<string, unknown>)[names[at]!]),
        }
      : {}),
    ...(only?.step
      ? {
          step(p: Vec, g: Vec, s: S) {
            only.step!(p, g, (s as Record<string, unknown>)[names[0]!]);
          },
        }
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
