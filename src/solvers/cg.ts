/**
 * Nonlinear conjugate gradient (Goodfellow et al. §8.6.2, Algorithm 8.9, with the
 * correction of CORRECTIONS.md #7; Nocedal & Wright §5.2):
 *
 *   ρ_0 = −g_0;   ρ_t = −g_t + β_t ρ_{t−1};   x_{t+1} = x_t + ε_t ρ_t  (ε_t from a line search)
 *   Fletcher–Reeves:  β_t = g_tᵀg_t / g_{t−1}ᵀg_{t−1}
 *   Polak–Ribière:    β_t = g_tᵀ(g_t − g_{t−1}) / g_{t−1}ᵀg_{t−1}
 *   PR+:              β_t = max(0, β_t^PR)
 *
 * Two variants (option `variant`):
 *
 * - `scipy` (default): SciPy 1.10's `_minimize_cg` — PR+, no restarts, the
 *   Moré–Thuente (MINPACK dcsrch) search with c1 = 1e-4, c2 = 0.4 and a step
 *   accepted only if the next direction is a sufficient descent direction,
 *   ρ_{t+1}ᵀg_{t+1} ≤ −σ₃‖g_{t+1}‖² with σ₃ = 0.01 (Gilbert & Nocedal 1992), or
 *   ‖g_{t+1}‖∞ ≤ gtol; when the Moré–Thuente point fails it, SciPy's own
 *   Nocedal–Wright search (`line_search_wolfe2`, wolfe2.ts) with that extra
 *   condition is run, as SciPy does. First trial step
 *   α = min(1, 1.01·2(f_t − f_{t−1})/φ'(0)) with f_{−1} = f_0 + ‖g_0‖₂/2 (a first
 *   step of length min(1.01, ‖g_0‖₂)), SciPy's. The cap at α = 1 ties the step
 *   to the scale of f (p ∝ ∇f): when a search fails with its first trial cut by
 *   the cap (f of a tiny scale, ≲ 1e-20), it is run again from the uncapped trial
 *   and the cap is dropped for the rest of the run — a rescue SciPy does not
 *   have (its BFGS/CG get there by 100 dcsrch iterations whose unchanged x it
 *   does not count).
 * - `restarts`: optlab's earlier CG — restarts (β_t = 0) every `restartEvery`
 *   steps (default n) and when successive gradients are far from orthogonal,
 *   |g_tᵀg_{t−1}| ≥ ν g_tᵀg_t (Powell's test, N&W eq. 5.52, ν = `restartThreshold`,
 *   default 0.2); Nocedal–Wright's strong Wolfe search (c2 = 0.4); first trial
 *   step α = 1.01·2(f_t − f_{t−1})/φ'(0) (1/‖ρ_0‖₂ at the start); no
 *   sufficient-descent test.
 *
 * `beta`, `restartEvery`, `restartThreshold` and the line-search options
 * override either variant's defaults. In both, a direction that is not a descent
 * direction is replaced by −g, and when a search fails along a conjugate
 * direction it is retried once along −g before giving up. With
 * `lineSearch: 'exact'` (one hvp per step) the method is linear CG on a
 * quadratic, exact in at most n steps.
 *
 * Evaluations on test/reference/cg-scipy.json (9 problems, gtol 1e-6; table in
 * cgScipy.test.ts): `scipy` makes SciPy's very run on 6 (Himmelblau from SciPy's
 * test start 37 = 37, was 48 with `restarts`; Rosenbrock from (5, 5) 45 = 45, was
 * 56) and follows its iterates for 30–40 iterations on the 3 others until
 * rounding (the objectives are written differently) takes the runs apart; it
 * uses at most SciPy's evaluations on 8 of 9 (`restarts`: 5 of 9), 1130 in all
 * (SciPy 1159, `restarts` 1122).
 */
import { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { parseOptions } from '../options/index.js';
import { descend } from './descent.js';
import {
  decreaseStep,
  interpolatedStep,
  type SearchResult,
  scipyWolfe2,
} from './lineSearch/index.js';
import {
  countOrInfinity,
  lineSearchConfig,
  lineSearchShape,
  methodSchema,
  positiveOrInfinity,
  stoppingShape,
} from './options.js';
import type { MinimizeResult } from './result.js';
import { dot } from './vec.js';

export type CgBeta = 'fr' | 'pr' | 'pr+';
export type CgVariant = 'scipy' | 'restarts';

/** The options of `cg` (the JSON spec's `"options"` are these without `callback`). */
export const cgShape = {
  ...stoppingShape,
  /** The line search. Default `more-thuente` (`scipy`), `wolfe` (`restarts`). */
  lineSearch: z.enum(['wolfe', 'more-thuente', 'armijo', 'exact']).optional(),
  ...lineSearchShape(0.4),
  /** `scipy` (SciPy's PR+, no restarts) or `restarts` (see the module comment). Default 'scipy'. */
  variant: z.enum(['scipy', 'restarts']).default('scipy'),
  /** β formula. Default 'pr+'. */
  beta: z.enum(['fr', 'pr', 'pr+']).default('pr+'),
  /** Restart with −g every this many steps, integer ≥ 1 or Infinity. Default: n (`restarts`), Infinity (`scipy`). */
  restartEvery: countOrInfinity(1).optional(),
  /** Restart when |g_tᵀg_{t−1}| ≥ ν‖g_t‖²; ν > 0, Infinity disables. Default: 0.2 (`restarts`), Infinity (`scipy`). */
  restartThreshold: positiveOrInfinity().optional(),
};
const cgSchema = methodSchema(cgShape);

export type CgOptions = z.input<typeof cgSchema>;

/** σ₃ of SciPy's sufficient-descent test ρ_{t+1}ᵀg_{t+1} ≤ −σ₃‖g_{t+1}‖². */
const SIGMA3 = 0.01;

/** Nonlinear CG (see the module comment). */
export function cg(
  objective: Objective,
  x0: ArrayLike<number>,
  options: CgOptions = {},
): MinimizeResult {
  const where = 'cg';
  const o = parseOptions(where, cgSchema, options);
  const scipy = o.variant === 'scipy';
  const ls = lineSearchConfig(o, o.lineSearch ?? (scipy ? 'more-thuente' : 'wolfe'));
  const beta: CgBeta = o.beta;
  const n = objective.dim;
  const inf = Number.POSITIVE_INFINITY;
  const restartEvery = o.restartEvery ?? (scipy ? inf : n);
  const nu = o.restartThreshold ?? (scipy ? inf : 0.2);
  const gtol = o.gtol;

  return descend(objective, x0, { where, common: o, ls }, (st) => {
    const { g, p, y } = st;
    let sinceRestart = 0;
    let steepest = true; // p_t = −g_t
    let gg = 0; // g_tᵀg_t
    /** β_{t+1} from gNew = g_{t+1}ᵀg_{t+1}, gy = g_{t+1}ᵀ(g_{t+1} − g_t), restarts included. */
    const nextBeta = (gNew: number, gy: number, since: number): number => {
      let b: number;
      if (beta === 'fr') b = gNew / gg;
      else {
        b = gy / gg;
        if (beta === 'pr+' && b < 0) b = 0;
      }
      const gOld = gNew - gy; // g_{t+1}ᵀg_t
      if (since >= restartEvery || Math.abs(gOld) >= nu * gNew) b = 0;
      return b;
    };
    const steepestDescent = (): void => {
      for (let i = 0; i < n; i++) p[i] = -g[i]!;
      st.d0 = -gg;
      steepest = true;
    };
    let uncapped = Number.NaN; // SciPy's first trial before its cap at 1, when the cap bound
    let capped = scipy; // SciPy's cap, until it has made a search fail
    const firstStep = (): number => {
      if (!scipy) return interpolatedStep(st.f, st.fPrev, st.d0, p);
      const a = decreaseStep(st.f, st.fPrev, st.d0, false);
      uncapped = capped && a > 1 ? a : Number.NaN;
      return capped ? Math.min(1, a) : a;
    };
    /**
     * SciPy's extra condition, at the point φ holds: the next direction
     * ρ = −g₊ + β p is a sufficient descent direction, or ‖g₊‖∞ ≤ gtol.
     */
    const sufficientDescent = (): boolean => {
      const g1 = st.ls.lf.g;
      let gNew = 0;
      let gy = 0;
      let pg = 0;
      let gInf = 0;
      for (let i = 0; i < n; i++) {
        const gi = g1[i]!;
        gNew += gi * gi;
        gy += gi * (gi - g[i]!);
        pg += p[i]! * gi;
        const a = Math.abs(gi);
        if (a > gInf || Number.isNaN(a)) gInf = a;
      }
      if (gInf <= gtol) return true;
      const b = nextBeta(gNew, gy, sinceRestart + 1);
      return -gNew + b * pg <= -SIGMA3 * gNew;
    };
    for (let i = 0; i < n; i++) p[i] = -g[i]!; // ρ_0 = −g_0
    // SciPy's start: the first trial is 1.01/‖g_0‖₂ along −g_0
    if (scipy) st.fPrev = st.f + 0.5 * Math.sqrt(dot(g, g));
    return {
      direction() {
        let d0 = 0;
        gg = 0;
        for (let i = 0; i < n; i++) {
          d0 += g[i]! * p[i]!;
          gg += g[i]! * g[i]!;
        }
        st.d0 = d0;
        steepest = sinceRestart === 0;
        if (!(d0 < 0)) steepestDescent(); // ρ_t is not a descent direction: restart
        st.alpha0 = firstStep();
        return null;
      },
      ...(scipy
        ? {
            search(): SearchResult {
              let r = st.search();
              if (!r.ok && !Number.isNaN(uncapped)) {
                // SciPy's cap made the first trial too short to reach a Wolfe point
                // (f of a tiny scale): search again from the uncapped trial, and
                // leave the cap off for the rest of the run
                st.alpha0 = uncapped;
                uncapped = Number.NaN;
                capped = false;
                const again = st.search();
                r = { ...again, evals: r.evals + again.evals };
              }
              if (!r.ok || ls.kind === 'exact' || sufficientDescent()) return r;
              // rejected: SciPy's Nocedal–Wright search, which also requires the condition
              st.ls.lf.reset(st.x, p);
              const r2 = scipyWolfe2(st.ls.lf, st.f, st.d0, st.alpha0, {
                ...ls,
                extra: sufficientDescent,
              });
              return { ...r2, evals: r.evals + r2.evals };
            },
          }
        : {}),
      retry() {
        // the search failed along a conjugate direction: once more along −g
        if (steepest) return false;
        steepestDescent();
        st.alpha0 = firstStep();
        return true;
      },
      update() {
        sinceRestart++;
        // g now holds g_t; y = g_t − g_{t−1}; gg = g_{t−1}ᵀg_{t−1}
        let gNew = 0;
        let gy = 0;
        for (let i = 0; i < n; i++) {
          gNew += g[i]! * g[i]!;
          gy += g[i]! * y[i]!;
        }
        const b = nextBeta(gNew, gy, sinceRestart);
        if (b === 0 && (sinceRestart >= restartEvery || Math.abs(gNew - gy) >= nu * gNew))
          sinceRestart = 0;
        for (let i = 0; i < n; i++) p[i] = -g[i]! + b * p[i]!; // ρ_t = −g_t + β_t ρ_{t−1}
      },
    };
  });
}
