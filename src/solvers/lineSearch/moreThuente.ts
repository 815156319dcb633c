/**
 * Moré–Thuente line search: find α > 0 with the strong Wolfe conditions
 *   φ(α) ≤ φ(0) + c1 α φ'(0),   |φ'(α)| ≤ c2 |φ'(0)|
 * by safeguarded cubic/quadratic/secant steps on an interval of uncertainty
 * (Moré & Thuente, "Line search algorithms with guaranteed sufficient
 * decrease", ACM TOMS 20(3), 1994; MINPACK-2 `dcsrch`, the search behind
 * SciPy's `line_search_wolfe1` used by its BFGS). The step rules are in
 * `dcstep.ts`.
 *
 * Differences from Nocedal–Wright's `strongWolfe` (wolfe.ts):
 * - Stage 1 works on the auxiliary ψ(α) = φ(α) − φ(0) − c1 α φ'(0) while a trial
 *   has a lower φ than the best point but no sufficient decrease; stage 2 (from
 *   the first trial with ψ ≤ 0 and φ' ≥ 0) on φ itself.
 * - Before a bracket is found, trials extrapolate within
 *   [α + 1.1(α − α_x), α + 4(α − α_x)] (α_x the best step so far); the first
 *   interval is [0, 5 α1].
 * - Inside a bracket, a bisection replaces the trial whenever the bracket has
 *   not shrunk to 0.66 of its width two trials before.
 * - It gives up when the bracket is narrower than xtol = 1e-14 relative (or the
 *   next trial falls outside it by rounding), at α = alphaMax with a decrease
 *   still steeper than c1 φ'(0), or after maxEvals evaluations; the best point
 *   found is then handed back with `ok: false`. (`dcsrch` would first evaluate
 *   that best point again; SciPy then falls back to the Nocedal–Wright search.)
 * - A trial where φ or φ' is not finite is treated as the far end of a bracket
 *   and the next trial is one tenth of the way to it from the best point.
 *
 * Works on φ only (see `Phi`): each evaluation gives φ and φ' together; on
 * success φ holds the accepted point.
 */
import { type MtInterval, mtStep } from './dcstep.js';
import type { Phi, SearchResult } from './types.js';
import type { WolfeOptions } from './wolfe.js';

/** Relative width below which the bracket cannot shrink further (dcsrch's xtol). */
const XTOL = 1e-14;
/** Extrapolation bounds before a bracket is found. */
const XTRAP_LO = 1.1;
const XTRAP_HI = 4;

/** Moré–Thuente search from φ(0) = f0, φ'(0) = d0 < 0, first trial `alpha1` (same options as `strongWolfe`). */
export function moreThuente(
  phi: Phi,
  f0: number,
  d0: number,
  alpha1: number,
  o: WolfeOptions,
): SearchResult {
  const gtest = o.c1 * d0;
  const curv = -o.c2 * d0;
  const I: MtInterval = { stx: 0, fx: f0, dx: d0, sty: 0, fy: f0, dy: d0, bracketed: false };
  let stage1 = true;
  let width = o.alphaMax;
  let width1 = 2 * width;
  let stp = Math.min(alpha1, o.alphaMax);
  let lo = 0;
  let hi = stp + XTRAP_HI * stp;
  let saved = false;
  let evals = 0;
  while (evals < o.maxEvals) {
    const f = phi.eval(stp);
    const d = phi.dphi;
    evals++;
    const ftest = f0 + stp * gtest;
    if (f <= ftest && Math.abs(d) <= curv) return { ok: true, alpha: stp, f, evals };
    if (stp >= o.alphaMax && f <= ftest && d <= gtest) break;

    let next: number;
    if (!Number.isFinite(f) || !Number.isFinite(d)) {
      I.sty = stp;
      I.fy = Number.POSITIVE_INFINITY;
      I.dy = Number.NaN;
      I.bracketed = true;
      next = I.stx + 0.1 * (stp - I.stx);
    } else {
      if (stage1 && f <= ftest && d >= 0) stage1 = false;
      const stxBefore = I.stx;
      if (stage1 && f <= I.fx && f > ftest) {
        // on ψ: shift every value by −α·c1φ'(0) and every slope by −c1φ'(0)
        I.fx -= I.stx * gtest;
        I.fy -= I.sty * gtest;
        I.dx -= gtest;
        I.dy -= gtest;
        next = mtStep(I, stp, f - stp * gtest, d - gtest, lo, hi);
        I.fx += I.stx * gtest;
        I.fy += I.sty * gtest;
        I.dx += gtest;
        I.dy += gtest;
      } else {
        next = mtStep(I, stp, f, d, lo, hi);
      }
      if (I.stx !== stxBefore) {
        phi.save();
        saved = true;
      }
    }

    if (I.bracketed) {
      const w = Math.abs(I.sty - I.stx);
      if (w >= 0.66 * width1 || !Number.isFinite(next)) next = I.stx + 0.5 * (I.sty - I.stx);
      width1 = width;
      width = w;
      lo = Math.min(I.stx, I.sty);
      hi = Math.max(I.stx, I.sty);
    } else {
      lo = next + XTRAP_LO * (next - I.stx);
      hi = next + XTRAP_HI * (next - I.stx);
    }
    next = Math.min(Math.max(next, 0), o.alphaMax);
    if (I.bracketed && (next <= lo || next >= hi || hi - lo <= XTOL * hi)) break;
    stp = next;
  }
  // failed: hand back the best point found (the origin when none was better)
  if (saved) phi.restore();
  return { ok: false, alpha: saved ? I.stx : 0, f: saved ? phi.f : f0, evals };
}
