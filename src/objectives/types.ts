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
  /**
   * Writes the exact Hessian-vector product H(x)·v into `out` (length n).
   * Optional: gradient-only methods never call it; the methods that need it
   * (newton, newton-cg, trust-ncg, trust-krylov, an `exact` line search, the
   * Hessian diagnostics) say so at their entry when it is missing.
   */
  hvp?(x: Float64Array, v: Float64Array, out: Float64Array): void;
}

/** An objective that has Hessian-vector products. */
export type HvpObjective = Objective & Required<Pick<Objective, 'hvp'>>;

/** Whether `o` offers Hessian-vector products. */
export function hasHvp(o: Objective): o is HvpObjective {
  return typeof o.hvp === 'function';
}

/**
 * Throws unless `o` offers Hessian-vector products: `where` (the method or
 * function) needs them — or `needs` (e.g. `lineSearch 'exact'`) — and the
 * message says so in one line.
 */
export function requireHvp(
  o: Objective,
  where: string,
  needs: string = where,
): asserts o is HvpObjective {
  if (!hasHvp(o)) {
    throw new TypeError(
      `${where}: the objective has no hvp (Hessian-vector product), which ${needs} needs; give it an hvp or use a gradient-only method (gd, cg, bfgs, lbfgs, coordinate-descent)`,
    );
  }
}
