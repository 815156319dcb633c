/**
 * Core types of the optimizer layer, in the manner of Optax: an optimizer is a
 * gradient transformation, a pair of `init` and `update`.
 *
 * Conventions (shared by every file of `optim/`):
 * - θ and its gradient are ONE flat vector (`Float64Array` or `Float32Array`).
 * - `update(updates, state, params)` rewrites `updates` IN PLACE (no allocation
 *   per step) and mutates `state` in place. On entry `updates` holds the
 *   gradient (or the output of the previous transform); on exit it holds the
 *   step to ADD to θ (`applyUpdates`), so `scaleByLearningRate` multiplies by −lr.
 * - State is plain data: numbers and typed arrays, nothing else, so it survives
 *   `serializeState`/`deserializeState` and a resumed run is bit-identical.
 * - State arrays have the dtype of the parameters (as PyTorch does): float32
 *   parameters keep float32 moments (half the memory traffic), float64 keep
 *   float64. Arithmetic is always done in JavaScript doubles and rounded on store.
 * - Every transform that needs the update number k keeps its own `count` in its
 *   state (k = 0 for the first update), so a state is complete on its own and
 *   `multiSteps` can run an inner optimizer at its own pace.
 * - Options are validated once, by `parseOptions` (src/options) with a zod
 *   schema exported beside each optimizer (`adamSchema`, …); the JSON specs of
 *   contract/ reuse those schemas, so every default is written once.
 */

/** A flat parameter, gradient or update vector. */
export type Vec = Float64Array | Float32Array;

/** A hyper-parameter as a pure function of the update number k = 0, 1, 2, … */
export type Schedule = (k: number) => number;

/** A hyper-parameter that is a constant or a schedule. */
export type Hyper = number | Schedule;

/**
 * What a few optimizers need beyond the gradient, on the same data as the
 * step's gradient: SAM another gradient at a perturbed point, Sophia and
 * AdaHessian Hessian-vector products (Hutchinson's diagonal estimate). The
 * caller of `update` supplies it (`runTrace` from the objective, `fit` from the
 * current batch); a transform that needs it throws when it is missing.
 */
export interface Oracle {
  /** Writes ∇f(x) into `out` and returns f(x). */
  grad(x: Vec, out: Vec): number;
  /** Writes the exact Hessian-vector product H(x)·v into `out`. */
  hvp(x: Vec, v: Vec, out: Vec): void;
}

/** A gradient transformation. `S` is plain data (numbers, typed arrays, arrays and objects of them). */
export interface Transform<S = unknown> {
  /** Fresh state for parameters shaped like `params` (state arrays take the dtype of `params`). */
  init(params: Vec): S;
  /**
   * Transforms `updates` in place and advances `state` in place. `params` are the
   * current (not yet updated) parameters; they are never modified. `oracle` is
   * given to the transforms that need more than the gradient (see `Oracle`).
   */
  update(updates: Vec, state: S, params: Vec, oracle?: Oracle): void;
  /**
   * Optional fused path: `params += update(grads)` in one pass over memory. `grads`
   * may be overwritten. Must give the same result as `update` + `applyUpdates`
   * (bit for bit in float64). Use through {@link step}.
   */
  step?(params: Vec, grads: Vec, state: S): void;
  /**
   * Optional: the point to evaluate the model at, when it is not the stored
   * parameters (schedule-free methods store the gradient point y and average x
   * in their state). `fit` evaluates there; absent means the parameters themselves.
   */
  evaluationPoint?(state: S): Vec;
}

/** The state type of a transform. */
export type StateOf<T> = T extends Transform<infer S> ? S : never;

/** Value of a hyper-parameter at update k. */
export function hyperAt(h: Hyper, k: number): number {
  return typeof h === 'number' ? h : h(k);
}

/** A zero vector with the dtype and length of `p`. */
export function zerosLike(p: Vec): Vec {
  return p instanceof Float32Array ? new Float32Array(p.length) : new Float64Array(p.length);
}

/** A transform of any state type (for heterogeneous lists such as `chain`'s). */
// biome-ignore lint/suspicious/noExplicitAny: the states of a list of transforms differ; each is checked where it is built
export type AnyTransform = Transform<any>;
