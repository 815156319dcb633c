/**
 * Strong Wolfe line search: find α > 0 with
 *   φ(α) ≤ φ(0) + c1 α φ'(0)          (sufficient decrease)
 *   |φ'(α)| ≤ c2 |φ'(0)|               (curvature, strong form)
 * with 0 < c1 < c2 < 1.
 *
 * Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithm 3.5
 * (bracketing) and Algorithm 3.6 (`zoom`), with the cubic interpolation of §3.5
 * (eq. 3.59) accepted when it lies inside the bracket (1% margins), else the
 * quadratic, else bisection; and Moré–Thuente's rule of bisecting when the bracket
 * fails to shrink by a third over two trials. Extrapolation uses the cubic through the last two
 * points, kept within [2α_i − α_{i−1}, α_i + 4(α_i − α_{i−1})].
 *
 * Works on φ only (see `Phi`): each evaluation gives φ and φ' together.
 */
import { cubicMin, insideSafely, quadMin } from './interpolate.js';
import type { Phi, SearchResult } from './types.js';

export interface WolfeOptions {
  /** Sufficient-decrease constant c1 (default 1e-4). */
  c1: number;
  /** Curvature constant c2 (default 0.9). */
  c2: number;
  /** Most evaluations of φ (default 30). */
  maxEvals: number;
  /** Largest step tried (default 1e100, SciPy's). */
  alphaMax: number;
  /**
   * A further condition a strong Wolfe point must meet to be accepted, checked
   * with φ holding that point (SciPy's `extra_condition`); when it fails the
   * search goes on as if the curvature condition had failed. Default: none.
   */
  extra?: () => boolean;
}

export const WOLFE_DEFAULTS: WolfeOptions = { c1: 1e-4, c2: 0.9, maxEvals: 30, alphaMax: 1e100 };

/** Strong Wolfe search from φ(0) = f0, φ'(0) = d0 < 0, first trial `alpha1`. */
export function strongWolfe(
  phi: Phi,
  f0: number,
  d0: number,
  alpha1: number,
  o: WolfeOptions,
): SearchResult {
  let aPrev = 0;
  let fPrev = f0;
  let dPrev = d0;
  let a = Math.min(alpha1, o.alphaMax);
  let evals = 0;
  while (evals < o.maxEvals) {
    const f = phi.eval(a);
    const d = phi.dphi;
    evals++;
    if (
      !Number.isFinite(f) ||
      !Number.isFinite(d) ||
      f > f0 + o.c1 * a * d0 ||
      (evals > 1 && f >= fPrev)
    ) {
      return zoom(phi, f0, d0, aPrev, fPrev, dPrev, a, f, d, aPrev > 0, evals, o);
    }
    if (Math.abs(d) <= -o.c2 * d0 && (o.extra === undefined || o.extra()))
      return { ok: true, alpha: a, f, evals };
    if (d >= 0) {
      phi.save();
      return zoom(phi, f0, d0, a, f, d, aPrev, fPrev, dPrev, true, evals, o);
    }
    if (a >= o.alphaMax) break;
    const step = a - aPrev;
    let next = cubicMin(aPrev, fPrev, dPrev, a, f, d);
    const lo = a + step;
    const hi = a + 4 * step;
    if (!(next >= lo)) next = Number.isNaN(next) ? hi : lo;
    if (next > hi) next = hi;
    phi.save();
    aPrev = a;
    fPrev = f;
    dPrev = d;
    a = Math.min(next, o.alphaMax);
  }
  // out of evaluations while still extrapolating: hand back the last point, which
  // has sufficient decrease (aPrev > 0) or is the origin
  if (aPrev > 0) phi.restore();
  return { ok: false, alpha: aPrev, f: fPrev, evals };
}

/**
 * Algorithm 3.6: shrink the bracket between `lo` (lowest φ so far with sufficient
 * decrease; its point saved in φ when `loSaved`) and `hi` until a strong Wolfe
 * point is found.
 */
function zoom(
  phi: Phi,
  f0: number,
  d0: number,
  lo: number,
  flo: number,
  dlo: number,
  hi: number,
  fhi: number,
  dhi: number,
  loSaved: boolean,
  evals: number,
  o: WolfeOptions,
): SearchResult {
  let w1 = Number.POSITIVE_INFINITY;
  let w2 = Number.POSITIVE_INFINITY;
  while (evals < o.maxEvals) {
    const width = Math.abs(hi - lo);
    // relative to the bracket, so that steps of any size (1e-50 or 1e50) can be bracketed
    if (width <= 1e-16 * Math.max(Math.abs(lo), Math.abs(hi))) break;
    let a: number;
    if (width > 0.66 * w2) {
      // the bracket did not shrink enough over two trials: bisect (Moré–Thuente's rule)
      a = 0.5 * (lo + hi);
    } else if (!Number.isFinite(fhi) || !Number.isFinite(dhi)) {
      a = lo + 0.1 * (hi - lo);
    } else {
      a = cubicMin(lo, flo, dlo, hi, fhi, dhi);
      if (!insideSafely(a, lo, hi, 0.01)) a = quadMin(lo, flo, dlo, hi, fhi);
      if (!insideSafely(a, lo, hi, 0.01)) a = 0.5 * (lo + hi);
    }
    w2 = w1;
    w1 = width;
    const f = phi.eval(a);
    const d = phi.dphi;
    evals++;
    if (!Number.isFinite(f) || f > f0 + o.c1 * a * d0 || f >= flo) {
      hi = a;
      fhi = f;
      dhi = d;
    } else {
      if (Math.abs(d) <= -o.c2 * d0 && (o.extra === undefined || o.extra()))
        return { ok: true, alpha: a, f, evals };
      if (d * (hi - lo) >= 0) {
        hi = lo;
        fhi = flo;
        dhi = dlo;
      }
      lo = a;
      flo = f;
      dlo = d;
      phi.save();
      loSaved = true;
    }
  }
  if (loSaved) phi.restore();
  return { ok: false, alpha: lo, f: flo, evals };
}

/** True when (α, φ(α), φ'(α)) satisfies the strong Wolfe conditions for φ(0) = f0, φ'(0) = d0. */
export function isStrongWolfe(
  alpha: number,
  f: number,
  d: number,
  f0: number,
  d0: number,
  c1: number,
  c2: number,
): boolean {
  return f <= f0 + c1 * alpha * d0 && Math.abs(d) <= c2 * Math.abs(d0);
}
