/**
 * Newton-CG (truncated Newton, Hessian-free): the Newton system H_k p = −g_k is
 * solved approximately by linear CG using only Hessian-vector products, then a
 * line search is made along p (Nocedal & Wright, Algorithm 7.1):
 *
 *   tolerance ε_k = min(0.5, √‖g_k‖) ‖g_k‖   (forcing sequence → superlinear rate)
 *   z_0 = 0, r_0 = g_k, d_0 = −g_k
 *   for j = 0, 1, …:
 *     if d_jᵀ H d_j ≤ 0:  p = (j = 0 ? −g_k : z_j); stop       (negative curvature)
 *     α_j = r_jᵀr_j / d_jᵀHd_j;  z_{j+1} = z_j + α_j d_j;  r_{j+1} = r_j + α_j H d_j
 *     if ‖r_{j+1}‖ < ε_k:  p = z_{j+1}; stop
 *     β = r_{j+1}ᵀr_{j+1} / r_jᵀr_j;  d_{j+1} = −r_{j+1} + β d_j
 *
 * Options: `cgMaxIter` (inner CG iterations per step, default 20·n as SciPy),
 * `forcing` (η_max of ε_k = min(η_max, √‖g‖)‖g‖, in (0, 1), default 0.5).
 * Line search default `wolfe` (c1 = 1e-4, c2 = 0.9) from α = 1.
 */
import { z } from 'zod';
import { type Objective, requireHvp } from '../objectives/types.js';
import { count, parseOptions } from '../options/index.js';
import { descend } from './descent.js';
import {
  lineSearchConfig,
  lineSearchShape,
  methodSchema,
  openUnit,
  stoppingShape,
} from './options.js';
import type { MinimizeResult } from './result.js';

/** The options of `newton-cg` (the JSON spec's `"options"` are these without `callback`). */
export const newtonCgShape = {
  ...stoppingShape,
  /** The line search. Default `wolfe`. */
  lineSearch: z.enum(['wolfe', 'more-thuente', 'armijo', 'none']).default('wolfe'),
  ...lineSearchShape(0.9),
  /** Most inner CG iterations per outer step, integer ≥ 1. Default 20·n (SciPy's). */
  cgMaxIter: count().optional(),
  /** η_max of the forcing sequence, in (0, 1). Default 0.5. */
  forcing: openUnit().default(0.5),
};
const newtonCgSchema = methodSchema(newtonCgShape);

export type NewtonCgOptions = z.input<typeof newtonCgSchema>;

/** Newton-CG (see the module comment). */
export function newtonCg(
  objective: Objective,
  x0: ArrayLike<number>,
  options: NewtonCgOptions = {},
): MinimizeResult {
  const where = 'newton-cg';
  const o = parseOptions(where, newtonCgSchema, options);
  requireHvp(objective, where);
  const ls = lineSearchConfig(o, o.lineSearch);
  const n = objective.dim;
  const cgMaxIter = o.cgMaxIter ?? 20 * n;
  const etaMax = o.forcing;

  return descend(objective, x0, { where, common: o, ls }, (st) => {
    const { x, g, p } = st;
    const r = new Float64Array(n);
    const d = new Float64Array(n);
    const hd = new Float64Array(n);
    return {
      direction() {
        // inner CG on H p = −g
        let gNorm2 = 0;
        for (let i = 0; i < n; i++) gNorm2 += g[i]! * g[i]!;
        const gNorm = Math.sqrt(gNorm2);
        const eps = Math.min(etaMax, Math.sqrt(gNorm)) * gNorm;
        p.fill(0);
        let rr = gNorm2;
        for (let i = 0; i < n; i++) {
          r[i] = g[i]!;
          d[i] = -g[i]!;
        }
        for (let j = 0; j < cgMaxIter; j++) {
          st.objective.hvp(x, d, hd);
          let dhd = 0;
          for (let i = 0; i < n; i++) dhd += d[i]! * hd[i]!;
          if (!(dhd > 0)) {
            if (j === 0) for (let i = 0; i < n; i++) p[i] = -g[i]!;
            break;
          }
          const alpha = rr / dhd;
          let rrNew = 0;
          for (let i = 0; i < n; i++) {
            p[i] = p[i]! + alpha * d[i]!;
            r[i] = r[i]! + alpha * hd[i]!;
            rrNew += r[i]! * r[i]!;
          }
          if (Math.sqrt(rrNew) < eps) break;
          const beta = rrNew / rr;
          rr = rrNew;
          for (let i = 0; i < n; i++) d[i] = -r[i]! + beta * d[i]!;
        }
        let d0 = 0;
        for (let i = 0; i < n; i++) d0 += p[i]! * g[i]!;
        if (!(d0 < 0)) return 'notDescent';
        st.d0 = d0;
        st.alpha0 = 1;
        return null;
      },
    };
  });
}
