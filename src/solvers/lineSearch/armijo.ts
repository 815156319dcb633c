/**
 * Armijo backtracking: from a first trial α0, shrink α until
 *   φ(α) ≤ φ(0) + c1 α φ'(0)
 * (Nocedal & Wright, Algorithm 3.1). Each new trial is the minimiser of the
 * quadratic through φ(0), φ'(0), φ(α), kept within [0.1 α, ρ α] (N&W §3.5);
 * ρ = 0.5 by default, so plain halving is the worst case.
 */
import { quadMin } from './interpolate.js';
import type { Phi, SearchResult } from './types.js';

export interface ArmijoOptions {
  /** Sufficient-decrease constant (default 1e-4). */
  c1: number;
  /** Largest contraction factor per backtrack, in (0, 1) (default 0.5). */
  rho: number;
  /** Most evaluations of φ (default 30). */
  maxEvals: number;
}

export function armijo(
  phi: Phi,
  f0: number,
  d0: number,
  alpha0: number,
  o: ArmijoOptions,
): SearchResult {
  let a = alpha0;
  let evals = 0;
  while (evals < o.maxEvals) {
    const f = phi.eval(a);
    evals++;
    if (Number.isFinite(f) && Number.isFinite(phi.dphi) && f <= f0 + o.c1 * a * d0) {
      return { ok: true, alpha: a, f, evals };
    }
    let next = Number.isFinite(f) ? quadMin(0, f0, d0, a, f) : Number.NaN;
    if (!(next >= 0.1 * a)) next = 0.1 * a;
    if (next > o.rho * a) next = o.rho * a;
    a = next;
  }
  return { ok: false, alpha: a, f: Number.NaN, evals };
}
