/**
 * Gradient descent (steepest descent), full batch (Goodfellow et al. §4.3, eq. 4.5):
 *
 *   x_{k+1} = x_k − ε_k ∇f(x_k)
 *
 * with ε_k either fixed (`lineSearch: 'none'`, ε = `step`) or chosen by a line
 * search along −g (`armijo` by default, `wolfe`, or `exact` for quadratics).
 *
 * Options (besides the common ones and the line-search ones): `step` — the fixed
 * step ε when `lineSearch` is 'none' (default 0.01), otherwise the first trial
 * step of the first search (default 1/‖g_0‖₂, a unit-length step at every scale of
 * f); later searches start
 * from α = 1.01·2(f_k − f_{k−1})/φ'(0) (N&W eq. 3.60). Defaults: `armijo`, c1 = 1e-4,
 * c2 = 0.9 (for `wolfe`).
 */
import { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { parseOptions, positive } from '../options/index.js';
import { descend } from './descent.js';
import { interpolatedStep } from './lineSearch/index.js';
import {
  ALL_LINE_SEARCHES,
  lineSearchConfig,
  lineSearchShape,
  methodSchema,
  stoppingShape,
} from './options.js';
import type { MinimizeResult } from './result.js';

/** The options of `gd` (the JSON spec's `"options"` for `"method": "gd"` are these without `callback`). */
export const gdShape = {
  ...stoppingShape,
  /** The line search. Default `armijo`. */
  lineSearch: z.enum(ALL_LINE_SEARCHES).default('armijo'),
  ...lineSearchShape(0.9),
  /** Fixed step ε for `lineSearch: 'none'` (then default 0.01); else the first trial step (default 1/‖g_0‖₂). */
  step: positive().optional(),
};
const gdSchema = methodSchema(gdShape);

export type GdOptions = z.input<typeof gdSchema>;

/** Gradient descent (see the module comment). */
export function gd(
  objective: Objective,
  x0: ArrayLike<number>,
  options: GdOptions = {},
): MinimizeResult {
  const where = 'gd';
  const o = parseOptions(where, gdSchema, options);
  const ls = lineSearchConfig(o, o.lineSearch);
  const fixed = ls.kind === 'none';
  const step = o.step ?? (fixed ? 0.01 : Number.NaN);

  return descend(objective, x0, { where, common: o, ls }, (st) => ({
    failure: fixed ? 'nonFinite' : 'lineSearch',
    direction() {
      const { g, p, n } = st;
      // p = −g, φ'(0) = −gᵀg
      let d0 = 0;
      for (let i = 0; i < n; i++) {
        p[i] = -g[i]!;
        d0 -= g[i]! * g[i]!;
      }
      st.d0 = d0;
      if (fixed) st.alpha0 = step;
      else if (st.nit === 0 && !Number.isNaN(step)) st.alpha0 = step;
      else st.alpha0 = interpolatedStep(st.f, st.fPrev, d0, p);
      return null;
    },
  }));
}
