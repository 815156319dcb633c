/**
 * The one result shape of `minimize`, for every method (SciPy's `OptimizeResult`
 * with `jac` named `grad`, `njev` named `ngev`, plus `nhvp`).
 */
import type { CountedObjective } from './counted.js';
import { MESSAGES, type StopReason } from './messages.js';

export interface MinimizeResult {
  /** The final iterate. */
  x: Float64Array;
  /** f(x). */
  fun: number;
  /** ∇f(x). */
  grad: Float64Array;
  /** Number of iterations (outer steps; a sweep over all blocks for coordinate descent). */
  nit: number;
  /** Evaluations of f (an evaluation of f and ∇f together counts once here and once in ngev). */
  nfev: number;
  /** Evaluations of ∇f. */
  ngev: number;
  /** Hessian-vector products. */
  nhvp: number;
  /** ‖∇f(x)‖∞ ≤ gtol. */
  success: boolean;
  /** Why the run ended, from `MESSAGES`. */
  message: string;
  /** The key of `message` in `MESSAGES`. */
  status: StopReason;
}

/** Infinity norm of a vector. */
export function infNorm(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/** Assembles the result; `success` is decided here, from the gradient alone. */
export function makeResult(
  x: Float64Array,
  fun: number,
  grad: Float64Array,
  nit: number,
  counted: CountedObjective,
  gtol: number,
  status: StopReason,
): MinimizeResult {
  return {
    x: Float64Array.from(x),
    fun,
    grad: Float64Array.from(grad),
    nit,
    nfev: counted.nfev,
    ngev: counted.ngev,
    nhvp: counted.nhvp,
    success: Number.isFinite(fun) && infNorm(grad) <= gtol,
    message: MESSAGES[status],
    status,
  };
}
