/**
 * L-BFGS: BFGS with the inverse Hessian kept implicitly as the last m pairs
 * (s_i, y_i), applied by the two-loop recursion (Nocedal & Wright, Algorithm 7.4;
 * Goodfellow et al. §8.6.3):
 *
 *   q ← g;  for i = k−1 … k−m:  a_i ← ρ_i s_iᵀq;  q ← q − a_i y_i
 *   r ← γ_k q,  γ_k = s_{k−1}ᵀy_{k−1} / y_{k−1}ᵀy_{k−1}   (N&W eq. 7.20; γ = 1 before any pair)
 *   for i = k−m … k−1:  b ← ρ_i y_iᵀr;  r ← r + s_i (a_i − b)
 *   p_k = −r
 *
 * Options (besides the common ones): `memory` m (default 10, integer ≥ 1). The
 * first trial step is α = 1/‖p_0‖₂ (a unit-length step, not capped, so that it does
 * not shrink with the scale of f), later ones α = 1. Pairs with
 * yᵀs ≤ 1e-10‖s‖‖y‖ are not stored. Line search default: `wolfe`, c1 = 1e-4, c2 = 0.9.
 * Unlike SciPy's L-BFGS-B there are no bounds.
 */
import { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { count, parseOptions } from '../options/index.js';
import { descend } from './descent.js';
import { unitLengthStep } from './lineSearch/index.js';
import {
  ALL_LINE_SEARCHES,
  lineSearchConfig,
  lineSearchShape,
  methodSchema,
  stoppingShape,
} from './options.js';
import type { MinimizeResult } from './result.js';
import { curvaturePair } from './vec.js';

/** The options of `lbfgs` (the JSON spec's `"options"` are these without `callback`). */
export const lbfgsShape = {
  ...stoppingShape,
  /** The line search. Default `wolfe`. */
  lineSearch: z.enum(ALL_LINE_SEARCHES).default('wolfe'),
  ...lineSearchShape(0.9),
  /** Number m of stored (s, y) pairs, integer ≥ 1. Default 10. */
  memory: count().default(10),
};
const lbfgsSchema = methodSchema(lbfgsShape);

export type LbfgsOptions = z.input<typeof lbfgsSchema>;

/** L-BFGS (see the module comment). */
export function lbfgs(
  objective: Objective,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): MinimizeResult {
  const where = 'lbfgs';
  const o = parseOptions(where, lbfgsSchema, options);
  const ls = lineSearchConfig(o, o.lineSearch);
  const m = o.memory;

  return descend(objective, x0, { where, common: o, ls }, (st) => {
    const { n, g, p, s, y } = st;
    const S = new Float64Array(m * n);
    const Y = new Float64Array(m * n);
    const rho = new Float64Array(m);
    const a = new Float64Array(m);
    let count = 0; // pairs stored
    let head = 0; // slot of the next pair
    let gamma = 1;
    return {
      direction() {
        // two-loop recursion: p = −H_k g
        for (let i = 0; i < n; i++) p[i] = g[i]!;
        for (let k = 0; k < count; k++) {
          const slot = (head - 1 - k + m) % m;
          const off = slot * n;
          let t = 0;
          for (let i = 0; i < n; i++) t += S[off + i]! * p[i]!;
          const ai = rho[slot]! * t;
          a[slot] = ai;
          for (let i = 0; i < n; i++) p[i] = p[i]! - ai * Y[off + i]!;
        }
        for (let i = 0; i < n; i++) p[i] = gamma * p[i]!;
        for (let k = count - 1; k >= 0; k--) {
          const slot = (head - 1 - k + m) % m;
          const off = slot * n;
          let t = 0;
          for (let i = 0; i < n; i++) t += Y[off + i]! * p[i]!;
          const c = a[slot]! - rho[slot]! * t;
          for (let i = 0; i < n; i++) p[i] = p[i]! + c * S[off + i]!;
        }
        let d0 = 0;
        for (let i = 0; i < n; i++) {
          p[i] = -p[i]!;
          d0 += p[i]! * g[i]!;
        }
        if (!(d0 < 0)) return 'notDescent';
        st.d0 = d0;
        st.alpha0 = count > 0 || ls.kind === 'none' ? 1 : unitLengthStep(p);
        return null;
      },
      update() {
        const c = curvaturePair(s, y);
        if (c === null) return;
        S.set(s, head * n);
        Y.set(y, head * n);
        rho[head] = 1 / c.sy;
        head = (head + 1) % m;
        if (count < m) count++;
        gamma = c.sy / c.yy;
      },
    };
  });
}
