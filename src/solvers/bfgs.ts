/**
 * BFGS: quasi-Newton descent with a dense approximation M_k of the inverse Hessian.
 *
 *   p_k = −M_k g_k;   x_{k+1} = x_k + α_k p_k  (α_k from a line search, strong Wolfe by default)
 *   s = x_{k+1} − x_k,  y = g_{k+1} − g_k,  ρ = 1/(yᵀs)
 *   M ← (I − ρ s yᵀ) M (I − ρ y sᵀ) + ρ s sᵀ
 *
 * (Goodfellow et al., *Deep Learning*, §8.6.3; Nocedal & Wright, Algorithm 6.1,
 * eq. 6.17.) The update is applied in its expanded symmetric form
 * M ← M − ρ(s (My)ᵀ + (My) sᵀ) + (ρ² yᵀMy + ρ) s sᵀ, O(n²) per step.
 *
 * Options (besides the common ones):
 * - `lineSearch` (default `more-thuente`, c1 = 1e-4, c2 = 0.9 — SciPy's
 *   MINPACK search; `wolfe` selects Nocedal–Wright's zoom, also `armijo`,
 *   `exact`, `none`).
 * - `initialStep` (default `decrease`): the first trial step of each search.
 *   `decrease` is SciPy's α0 = min(1, 1.01 · 2 (f_k − f_{k−1})/φ'(0)) with
 *   f_{−1} = f_0 + ‖g_0‖₂/2, except that while M = I (no curvature pair yet) the
 *   cap at 1 is left out, so the first step has length 1.01 at every scale of f
 *   (SciPy: min(1, 1.01/‖g_0‖₂), the same whenever ‖g_0‖₂ ≥ 1.01); `unit` is
 *   α0 = 1/‖p_0‖₂ on the first search and α0 = 1 afterwards (N&W §3.5).
 *   With `none`, α = 1 always.
 * - `initialScaling` (default false, as SciPy; it cost more evaluations on the
 *   SciPy fixture problems) replaces M_0 = I by (yᵀs / yᵀy) I just before the
 *   first update (N&W eq. 6.20).
 *
 * With the defaults this is SciPy 1.10's `_minimize_bfgs` (same iterates, up to
 * rounding, and the same counts on the fixture problems). One difference: when the
 * search fails SciPy retries with its Nocedal–Wright search, this stops with the
 * `lineSearch` message. The update is skipped when yᵀs ≤ 1e-10‖s‖‖y‖ (possible
 * with a search weaker than Wolfe, or at round-off level; SciPy uses ρ = 1000
 * when yᵀs = 0); when p is not a descent direction M is reset to I.
 *
 * Evaluations on minimize-scipy.json (Rosenbrock, Beale, 6-d quadratic): the
 * defaults 40, 17, 14 (SciPy: 40, 17, 14); `wolfe` with `unit` 41, 18, 13. A first
 * trial α0 < 1 can pass the (loose, c2 = 0.9) curvature test before interpolation
 * reaches the exact minimiser along p, which costs BFGS its finite termination on
 * quadratics; on the two curved problems it saves evaluations.
 */
import { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { parseOptions } from '../options/index.js';
import { descend } from './descent.js';
import { decreaseStep, unitLengthStep } from './lineSearch/index.js';
import {
  ALL_LINE_SEARCHES,
  lineSearchConfig,
  lineSearchShape,
  methodSchema,
  stoppingShape,
} from './options.js';
import type { MinimizeResult } from './result.js';
import { curvaturePair, dot } from './vec.js';

/** The options of `bfgs` (the JSON spec's `"options"` are these without `callback`). */
export const bfgsShape = {
  ...stoppingShape,
  /** The line search. Default `more-thuente` (SciPy's). */
  lineSearch: z.enum(ALL_LINE_SEARCHES).default('more-thuente'),
  ...lineSearchShape(0.9),
  /** Scale M_0 by yᵀs/yᵀy before the first update. Default false. */
  initialScaling: z.boolean().default(false),
  /** First trial step of each search: `decrease` (SciPy's) or `unit`. Default `decrease`. */
  initialStep: z.enum(['decrease', 'unit']).default('decrease'),
};
const bfgsSchema = methodSchema(bfgsShape);

export type BfgsOptions = z.input<typeof bfgsSchema>;

/** M ← (I − ρ s yᵀ) M (I − ρ y sᵀ) + ρ s sᵀ, in place (M symmetric n×n, row-major); `my` is scratch. */
export function bfgsUpdate(
  M: Float64Array,
  s: Float64Array,
  y: Float64Array,
  my: Float64Array,
): void {
  const n = s.length;
  let sy = 0;
  for (let i = 0; i < n; i++) sy += s[i]! * y[i]!;
  const rho = 1 / sy;
  let yMy = 0;
  for (let i = 0; i < n; i++) {
    let t = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) t += M[row + j]! * y[j]!;
    my[i] = t;
    yMy += y[i]! * t;
  }
  const c = rho * rho * yMy + rho;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const si = s[i]!;
    const mi = my[i]!;
    for (let j = 0; j < n; j++) {
      M[row + j] = M[row + j]! - rho * (si * my[j]! + mi * s[j]!) + c * si * s[j]!;
    }
  }
}

function setIdentity(M: Float64Array, n: number, scale: number): void {
  M.fill(0);
  for (let i = 0; i < n; i++) M[i * n + i] = scale;
}

/** Runs BFGS and also returns the final inverse-Hessian approximation M (n×n row-major). */
export function bfgsDetailed(
  objective: Objective,
  x0: ArrayLike<number>,
  options: BfgsOptions = {},
): { result: MinimizeResult; inverseHessian: Float64Array } {
  const where = 'bfgs';
  const o = parseOptions(where, bfgsSchema, options);
  const ls = lineSearchConfig(o, o.lineSearch);
  const { initialScaling, initialStep } = o;

  let M = new Float64Array(0);
  const result = descend(objective, x0, { where, common: o, ls }, (st) => {
    const { n, g, p, s, y } = st;
    const my = new Float64Array(n);
    M = new Float64Array(n * n);
    setIdentity(M, n, 1);
    let updated = false;
    // SciPy's start: the first trial is 1.01/‖g_0‖₂ along −g_0
    st.fPrev = st.f + 0.5 * Math.sqrt(dot(g, g));
    return {
      direction() {
        // p = −M g
        let d0 = 0;
        for (let i = 0; i < n; i++) {
          let t = 0;
          const row = i * n;
          for (let j = 0; j < n; j++) t -= M[row + j]! * g[j]!;
          p[i] = t;
          d0 += t * g[i]!;
        }
        if (!(d0 < 0)) {
          // not a descent direction: M ← I, p = −g
          setIdentity(M, n, 1);
          updated = false;
          d0 = 0;
          for (let i = 0; i < n; i++) {
            p[i] = -g[i]!;
            d0 -= g[i]! * g[i]!;
          }
        }
        st.d0 = d0;
        if (ls.kind === 'none') st.alpha0 = 1;
        else if (initialStep === 'decrease') st.alpha0 = decreaseStep(st.f, st.fPrev, d0, updated);
        else st.alpha0 = updated ? 1 : unitLengthStep(p);
        return null;
      },
      update() {
        const c = curvaturePair(s, y);
        if (c === null) return;
        if (!updated && initialScaling) setIdentity(M, n, c.sy / c.yy);
        bfgsUpdate(M, s, y, my);
        updated = true;
      },
    };
  });
  return { result, inverseHessian: M };
}

/** BFGS (see the module comment for the update, options and defaults). */
export function bfgs(
  objective: Objective,
  x0: ArrayLike<number>,
  options: BfgsOptions = {},
): MinimizeResult {
  return bfgsDetailed(objective, x0, options).result;
}
