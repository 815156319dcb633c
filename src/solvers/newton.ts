/**
 * Newton's method with the exact Hessian, regularised (Goodfellow et al. §8.6.1,
 * eq. 8.27 and the regularised form of CORRECTIONS.md #9):
 *
 *   x_{k+1} = x_k − α_k [H(x_k) + τ_k I]⁻¹ ∇f(x_k)
 *
 * H is formed from n Hessian-vector products H·e_j (counted in nhvp), so this is
 * a method for small n (O(n³) per step; use newton-cg for large n). τ_k is chosen
 * by "Cholesky with added multiple of the identity" (Nocedal & Wright, Algorithm
 * 3.3): τ = 0 if min_i H_ii > 0, else −min_i H_ii + β; while H + τI has no
 * Cholesky factor, τ ← max(2τ, β). H + τI is then positive definite, so the step
 * is a descent direction even where H is indefinite, and the run leaves saddles.
 *
 * Options: `regularize` (default true; false = plain Newton, solving H p = −g by
 * Gaussian elimination — attracted to saddle points, CORRECTIONS.md #15), `shift` β
 * (default 1e-3). Line search default: `wolfe` (c2 = 0.9, α0 = 1) when regularised,
 * `none` (the full step α = 1) for plain Newton. A full Newton step minimises a
 * convex quadratic in one iteration.
 */
import { z } from 'zod';
import { cholesky, choleskySolve } from '../linalg/cholesky.js';
import { type Objective, requireHvp } from '../objectives/types.js';
import { parseOptions, positive } from '../options/index.js';
import { formHessian, luSolve } from './dense.js';
import { descend } from './descent.js';
import { lineSearchConfig, lineSearchShape, methodSchema, stoppingShape } from './options.js';
import type { MinimizeResult } from './result.js';

/** The options of `newton` (the JSON spec's `"options"` are these without `callback`). */
export const newtonShape = {
  ...stoppingShape,
  /** The line search. Default `wolfe` when regularised, `none` (the full step) for plain Newton. */
  lineSearch: z.enum(['wolfe', 'more-thuente', 'armijo', 'none']).optional(),
  ...lineSearchShape(0.9),
  /** Add τI to H so that H + τI is positive definite. Default true. */
  regularize: z.boolean().default(true),
  /** β of the shift rule, > 0. Default 1e-3. */
  shift: positive().default(1e-3),
};
const newtonSchema = methodSchema(newtonShape);

export type NewtonOptions = z.input<typeof newtonSchema>;

/** Newton's method (see the module comment). */
export function newton(
  objective: Objective,
  x0: ArrayLike<number>,
  options: NewtonOptions = {},
): MinimizeResult {
  const where = 'newton';
  const o = parseOptions(where, newtonSchema, options);
  requireHvp(objective, where);
  const regularize = o.regularize;
  const ls = lineSearchConfig(o, o.lineSearch ?? (regularize ? 'wolfe' : 'none'));
  const beta = o.shift;
  const fullStep = ls.kind === 'none';

  return descend(objective, x0, { where, common: o, ls }, (st) => {
    const { n, x, g, p } = st;
    const H = new Float64Array(n * n);
    const L = new Float64Array(n * n);
    const e = new Float64Array(n);
    const col = new Float64Array(n);
    return {
      failure: fullStep ? 'nonFinite' : 'lineSearch',
      direction() {
        formHessian(st.objective, x, H, e, col);
        for (let i = 0; i < n; i++) p[i] = -g[i]!;
        if (regularize) {
          // τ: the smallest of 0, −min H_ii + β, 2τ, … with H + τI positive definite
          let minDiag = Number.POSITIVE_INFINITY;
          for (let i = 0; i < n; i++) minDiag = Math.min(minDiag, H[i * n + i]!);
          let tau = minDiag > 0 ? 0 : -minDiag + beta;
          while (!cholesky(H, n, L, tau)) {
            tau = Math.max(2 * tau, beta);
            if (!Number.isFinite(tau)) break;
          }
          if (!Number.isFinite(tau)) return 'nonFinite';
          choleskySolve(L, n, p); // p = −(H + τI)⁻¹ g
        } else if (!luSolve(H, L, p, n)) return 'singular'; // p = −H⁻¹ g
        let d0 = 0;
        for (let i = 0; i < n; i++) d0 += p[i]! * g[i]!;
        if (!fullStep && !(d0 < 0)) return 'notDescent';
        st.d0 = d0;
        st.alpha0 = 1;
        return null;
      },
    };
  });
}
