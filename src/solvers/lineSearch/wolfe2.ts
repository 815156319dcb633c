/**
 * SciPy's strong Wolfe search `scalar_search_wolfe2` (scipy/optimize/_linesearch.py,
 * SciPy 1.10), the fallback of its BFGS and CG when the MINPACK search fails or
 * its point is rejected: Nocedal & Wright's Algorithms 3.5 (bracketing) and 3.6
 * (zoom) with SciPy's own choices, which decide the trial steps and so the
 * iterates:
 *
 * - bracketing doubles the step, α_{i+1} = min(2α_i, α_max), at most 10 times;
 * - zoom tries the cubic through (α_lo, φ_lo, φ'_lo), (α_hi, φ_hi) and the
 *   previous endpoint (α_rec, φ_rec), accepted when it lies 20% inside the
 *   bracket; else the quadratic through (α_lo, φ_lo, φ'_lo), (α_hi, φ_hi), 10%
 *   inside; else the midpoint; at most 11 trials;
 * - a strong Wolfe point is accepted only if `extra()` holds too (SciPy's
 *   `extra_condition`); otherwise the search goes on.
 *
 * - after ten doublings without a bracket the last step is returned as found
 *   (SciPy warns "did not converge" but returns it).
 *
 * Like SciPy it evaluates f alone at each trial and ∇f only where the slope is
 * needed (`LineFunction.evalValue`, `slope`), so nfev and ngev count as SciPy's
 * nfev and njev. On failure it returns `ok: false` at α = 0 (SciPy returns None).
 */
import type { LineFunction } from './phi.js';
import type { SearchResult } from './types.js';

export interface Wolfe2Options {
  c1: number;
  c2: number;
  alphaMax: number;
  /** A further acceptance condition, checked with φ holding the point. Default: none. */
  extra?: () => boolean;
}

/** SciPy's `_cubicmin`: the minimiser of the cubic through (a, fa, fpa), (b, fb), (c, fc); NaN if none. */
function cubicThrough(
  a: number,
  fa: number,
  fpa: number,
  b: number,
  fb: number,
  c: number,
  fc: number,
): number {
  const db = b - a;
  const dc = c - a;
  const denom = (db * dc) ** 2 * (db - dc);
  const u = fb - fa - fpa * db;
  const v = fc - fa - fpa * dc;
  const A = (dc * dc * u - db * db * v) / denom;
  const B = (-(dc ** 3) * u + db ** 3 * v) / denom;
  const x = a + (-B + Math.sqrt(B * B - 3 * A * fpa)) / (3 * A);
  return Number.isFinite(x) ? x : Number.NaN;
}

/** SciPy's `_quadmin`: the minimiser of the quadratic through (a, fa, fpa), (b, fb); NaN if none. */
function quadThrough(a: number, fa: number, fpa: number, b: number, fb: number): number {
  const db = b - a;
  const B = (fb - fa - fpa * db) / (db * db);
  const x = a - fpa / (2 * B);
  return Number.isFinite(x) ? x : Number.NaN;
}

export function scipyWolfe2(
  phi: LineFunction,
  f0: number,
  d0: number,
  alpha1: number,
  o: Wolfe2Options,
): SearchResult {
  const accept = o.extra ?? (() => true);
  let evals = 0;
  const at = (a: number): number => {
    evals++;
    return phi.evalValue(a);
  };
  const fail: () => SearchResult = () => ({ ok: false, alpha: 0, f: f0, evals });
  let a0 = 0;
  let a1 = Math.min(alpha1, o.alphaMax);
  let f1 = at(a1);
  let fPrev = f0;
  let dPrev = d0;
  for (let i = 0; i < 10; i++) {
    if (a1 === 0 || a0 === o.alphaMax) return fail();
    if (f1 > f0 + o.c1 * a1 * d0 || (f1 >= fPrev && i > 0)) return zoom(a0, a1, fPrev, f1, dPrev);
    const d1 = phi.slope();
    if (Math.abs(d1) <= -o.c2 * d0 && accept()) return { ok: true, alpha: a1, f: f1, evals };
    if (d1 >= 0) return zoom(a1, a0, f1, fPrev, d1);
    a0 = a1;
    a1 = Math.min(2 * a1, o.alphaMax);
    fPrev = f1;
    dPrev = d1;
    f1 = at(a1);
  }
  // ten doublings without a bracket: SciPy hands back the last step (φ holds it)
  phi.slope();
  return { ok: true, alpha: a1, f: f1, evals };

  function zoom(lo: number, hi: number, fLo: number, fHi: number, dLo: number): SearchResult {
    let fRec = f0;
    let aRec = 0;
    for (let i = 0; i <= 10; i++) {
      const da = hi - lo;
      const [a, b] = da < 0 ? [hi, lo] : [lo, hi];
      let aj = Number.NaN;
      if (i > 0) {
        aj = cubicThrough(lo, fLo, dLo, hi, fHi, aRec, fRec);
        const c = 0.2 * da;
        if (aj > b - c || aj < a + c) aj = Number.NaN;
      }
      if (Number.isNaN(aj)) {
        aj = quadThrough(lo, fLo, dLo, hi, fHi);
        const q = 0.1 * da;
        if (Number.isNaN(aj) || aj > b - q || aj < a + q) aj = lo + 0.5 * da;
      }
      const fj = at(aj);
      if (fj > f0 + o.c1 * aj * d0 || fj >= fLo) {
        fRec = fHi;
        aRec = hi;
        hi = aj;
        fHi = fj;
      } else {
        const dj = phi.slope();
        if (Math.abs(dj) <= -o.c2 * d0 && accept()) return { ok: true, alpha: aj, f: fj, evals };
        if (dj * (hi - lo) >= 0) {
          fRec = fHi;
          aRec = hi;
          hi = lo;
          fHi = fLo;
        } else {
          fRec = fLo;
          aRec = lo;
        }
        lo = aj;
        fLo = fj;
        dLo = dj;
      }
    }
    return fail();
  }
}
