/**
 * Exact line search for quadratics: along p from x, φ(α) = f(x) + α gᵀp + ½ α² pᵀHp,
 * minimised at α* = −gᵀp / pᵀHp (one Hessian-vector product, counted in nhvp, and
 * one evaluation of f and ∇f at x + α* p).
 *
 * On a non-quadratic this is one Newton step on φ, not an exact minimisation: when
 * α* does not give sufficient decrease (φ(α) ≤ φ(0) + c1 α φ'(0)) the search falls
 * back to Armijo backtracking from α*. It fails when pᵀHp ≤ 0 (no minimiser along p).
 */
import { requireHvp } from '../../objectives/types.js';
import { type ArmijoOptions, armijo } from './armijo.js';
import type { LineFunction } from './phi.js';
import type { SearchResult } from './types.js';

export function exactQuadratic(
  lf: LineFunction,
  f0: number,
  d0: number,
  hp: Float64Array,
  o: ArmijoOptions,
): SearchResult {
  const p = lf.direction;
  requireHvp(lf.objective, 'lineSearch exact');
  lf.objective.hvp(lf.origin, p, hp);
  let curv = 0;
  for (let i = 0; i < p.length; i++) curv += p[i]! * hp[i]!;
  if (!(curv > 0)) return { ok: false, alpha: 0, f: Number.NaN, evals: 0 };
  const alpha = -d0 / curv;
  return armijo(lf, f0, d0, alpha, o);
}
