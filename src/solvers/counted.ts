/**
 * The one evaluation counter of the solvers: every call a solver makes to the
 * objective goes through a `CountedObjective`, so `nfev`, `ngev` and `nhvp` in the
 * result are counted in exactly one place.
 *
 * Convention (docs/commands.md, `minimize`): an evaluation of f and ∇f together
 * (`valueAndGrad`) counts once in `nfev` AND once in `ngev`; `value` counts in
 * `nfev` only; `hvp` counts in `nhvp` only; `gradient` — ∇f at a point whose f
 * was just counted by `value` (SciPy's searches ask for f first and for ∇f only
 * when they need the slope) — counts in `ngev` only.
 * A Gauss–Newton product `ggnvp` counts in `nhvp` (the methods that use it make
 * no exact Hessian products).
 */
import { type GaussNewtonObjective, hasGaussNewton } from '../objectives/gaussNewton.js';
import { type Objective, requireHvp } from '../objectives/types.js';

export class CountedObjective implements Objective {
  readonly dim: number;
  nfev = 0;
  ngev = 0;
  nhvp = 0;

  constructor(private readonly inner: Objective) {
    this.dim = inner.dim;
  }

  value(x: Float64Array): number {
    this.nfev++;
    return this.inner.value(x);
  }

  valueAndGrad(x: Float64Array, grad: Float64Array): number {
    this.nfev++;
    this.ngev++;
    return this.inner.valueAndGrad(x, grad);
  }

  /** ∇f(x) after `value(x)` was counted: one gradient evaluation (f is recomputed but not counted again). */
  gradient(x: Float64Array, grad: Float64Array): void {
    this.ngev++;
    this.inner.valueAndGrad(x, grad);
  }

  /** H(x)·v; the methods that call it check at their entry that the objective has it (`requireHvp`). */
  hvp(x: Float64Array, v: Float64Array, out: Float64Array): void {
    this.nhvp++;
    requireHvp(this.inner, 'hvp');
    this.inner.hvp(x, v, out);
  }

  /** Whether the objective offers Gauss–Newton products (`ggnvp`). */
  get hasGaussNewton(): boolean {
    return hasGaussNewton(this.inner);
  }

  /** G(x)·v, the generalised Gauss–Newton product; counted in `nhvp` as a Hessian-like product. */
  ggnvp(x: Float64Array, v: Float64Array, out: Float64Array): void {
    this.nhvp++;
    (this.inner as GaussNewtonObjective).ggnvp(x, v, out);
  }
}
