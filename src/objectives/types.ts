/**
 * A flat-vector objective: the bridge between models (or test functions) and the
 * optimizers, solvers and diagnostics, which all see θ as one Float64Array.
 *
 * Implementations must not keep references to the arrays they are given and
 * must not modify `x` or `v`.
 */
export interface Objective {
  /** Dimension n of θ. */
  readonly dim: number;
  /** f(x). */
  value(x: Float64Array): number;
  /** Writes ∇f(x) into `grad` (length n) and returns f(x). */
  valueAndGrad(x: Float64Array, grad: Float64Array): number;
  /** Writes the exact Hessian-vector product H(x)·v into `out` (length n). */
  hvp(x: Float64Array, v: Float64Array, out: Float64Array): void;
}
