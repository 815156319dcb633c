/**
 * Line searches, layered as φ(α) (`LineFunction`) → a scalar search on φ
 * (`strongWolfe`, `armijo`, `exactQuadratic`, or a fixed step) → small pure
 * interpolation helpers. `LineSearcher` is what a solver holds: it dispatches
 * on the configured kind, and copies the accepted point back into the solver's
 * x and g (returning the step s = x₊ − x and y = g₊ − g when asked).
 */
import type { Objective } from '../../objectives/types.js';
import { armijo } from './armijo.js';
import { exactQuadratic } from './exact.js';
import { moreThuente } from './moreThuente.js';
import { LineFunction } from './phi.js';
import type { SearchResult } from './types.js';
import { strongWolfe } from './wolfe.js';

export { type ArmijoOptions, armijo } from './armijo.js';
export { type MtInterval, mtStep } from './dcstep.js';
export { exactQuadratic } from './exact.js';
export { cubicMin, insideSafely, quadMin, secantMin } from './interpolate.js';
export { moreThuente } from './moreThuente.js';
export { LineFunction } from './phi.js';
export type { Phi, SearchResult } from './types.js';
export { isStrongWolfe, strongWolfe, WOLFE_DEFAULTS, type WolfeOptions } from './wolfe.js';
export { scipyWolfe2, type Wolfe2Options } from './wolfe2.js';

/**
 * `wolfe`: strong Wolfe by Nocedal–Wright's bracketing and zoom; `more-thuente`:
 * strong Wolfe by Moré–Thuente's safeguarded steps; `armijo`: backtracking;
 * `exact`: exact on quadratics; `none`: fixed step.
 */
export type LineSearchKind = 'wolfe' | 'more-thuente' | 'armijo' | 'exact' | 'none';

/** Fully filled line-search settings (see `LineSearchOptions` for the defaults). */
export interface LineSearchConfig {
  kind: LineSearchKind;
  c1: number;
  c2: number;
  rho: number;
  maxEvals: number;
  alphaMax: number;
}

export class LineSearcher {
  readonly lf: LineFunction;
  private readonly hp: Float64Array;

  constructor(
    objective: Objective,
    n: number,
    readonly cfg: LineSearchConfig,
  ) {
    this.lf = new LineFunction(objective, n);
    this.hp = new Float64Array(cfg.kind === 'exact' ? n : 0);
  }

  /** Searches along p from x (f0 = f(x), d0 = ∇f(x)ᵀp < 0), first trial alpha0. */
  search(x: Float64Array, p: Float64Array, f0: number, d0: number, alpha0: number): SearchResult {
    const { lf, cfg } = this;
    lf.reset(x, p);
    switch (cfg.kind) {
      case 'wolfe':
        return strongWolfe(lf, f0, d0, alpha0, cfg);
      case 'more-thuente':
        return moreThuente(lf, f0, d0, alpha0, cfg);
      case 'armijo':
        return armijo(lf, f0, d0, alpha0, cfg);
      case 'exact':
        return exactQuadratic(lf, f0, d0, this.hp, cfg);
      case 'none': {
        const f = lf.eval(alpha0);
        return { ok: Number.isFinite(f), alpha: alpha0, f, evals: 1 };
      }
    }
  }

  /**
   * After a failed search: true when φ holds a point with α > 0 and f below f0
   * (the solver then moves there before stopping with the failure message).
   */
  improved(r: SearchResult, f0: number): boolean {
    return !r.ok && r.alpha > 0 && r.f < f0 && this.lf.alpha === r.alpha;
  }

  /**
   * Moves the solver to the accepted point: x ← x₊, g ← g₊; writes s = x₊ − x and
   * y = g₊ − g when given. Returns ‖s‖∞.
   */
  accept(x: Float64Array, g: Float64Array, s?: Float64Array, y?: Float64Array): number {
    const { lf } = this;
    const xn = lf.x;
    const gn = lf.g;
    let m = 0;
    for (let i = 0; i < x.length; i++) {
      const si = xn[i]! - x[i]!;
      const a = Math.abs(si);
      if (a > m) m = a;
      if (s) s[i] = si;
      if (y) y[i] = gn[i]! - g[i]!;
    }
    x.set(xn);
    g.set(gn);
    return m;
  }
}

/**
 * First trial step for methods without a natural unit step (gd, cg,
 * coordinate descent): α0 = 1.01 · 2 (f − f_prev)/φ'(0), the minimiser of the
 * quadratic through the last decrease (N&W eq. 3.60), as SciPy does; on the
 * first iteration (no f_prev) α0 = 1/‖p‖₂, a first step of unit length. Both are
 * invariant under f → s·f (Δf and φ'(0) scale alike; p ∝ ∇f).
 */
export function interpolatedStep(f: number, fPrev: number, d0: number, p: Float64Array): number {
  if (Number.isFinite(fPrev) && fPrev > f) {
    const a = (1.01 * 2 * (f - fPrev)) / d0;
    if (a > 0 && Number.isFinite(a)) return a;
  }
  return unitLengthStep(p);
}

/**
 * SciPy's first trial for its quasi-Newton searches (`line_search_wolfe1`):
 * α0 = min(1, 1.01 · 2 (f − f_prev)/φ'(0)), the quadratic interpolation of the
 * last decrease capped at the unit step; 1 when that is not positive. Callers
 * start with f_prev = f_0 + ‖g_0‖₂/2, which gives α0 = min(1, 1.01 ‖g_0‖₂/|φ'(0)|)
 * (along p = −g_0: a first step of length 1.01). With `cap: false` the cap is
 * left out: the first search of a quasi-Newton method (M_0 = I, so p = −g
 * carries the scale of f) then steps 1.01 whatever the scale of f — SciPy's cap
 * makes its first step ‖g_0‖-long when ‖g_0‖ < 1.01, so its BFGS needs many
 * tiny steps (and its L-BFGS-B stops at once) on f = 1e-50·(x − 1)².
 */
export function decreaseStep(f: number, fPrev: number, d0: number, cap = true): number {
  const a = (1.01 * 2 * (f - fPrev)) / d0;
  if (!(a > 0 && Number.isFinite(a))) return 1;
  return cap ? Math.min(1, a) : a;
}

/**
 * α = 1/‖p‖₂: a first step of unit length along p, for the first search of a
 * method whose direction has the scale of ∇f (gd, cg, L-BFGS and BFGS before
 * any curvature pair, coordinate descent). Not capped at 1, so that the step
 * does not shrink with the scale of f (f → s·f leaves every iterate unchanged);
 * 1 when p is zero or not finite.
 */
export function unitLengthStep(p: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i]! * p[i]!;
  const a = 1 / Math.sqrt(s);
  return a > 0 && Number.isFinite(a) ? a : 1;
}

export type { SearchResult as LineSearchResult };
