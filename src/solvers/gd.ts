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
 * step of the first search (default 1/‖g_0‖₂, capped at 1); later searches start
 * from α = 1.01·2(f_k − f_{k−1})/φ'(0) (N&W eq. 3.60). Defaults: `armijo`, c1 = 1e-4,
 * c2 = 0.9 (for `wolfe`).
 */
import type { Objective } from '../objectives/types.js';
import { CountedObjective } from './counted.js';
import { interpolatedStep, LineSearcher } from './lineSearch/index.js';
import type { StopReason } from './messages.js';
import {
  COMMON_KEYS,
  type CommonOptions,
  checkKeys,
  LINE_SEARCH_KEYS,
  type LineSearchOptions,
  num,
  readCommon,
  readLineSearch,
} from './options.js';
import { type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { startPoint } from './vec.js';

export interface GdOptions extends CommonOptions, LineSearchOptions {
  /** Fixed step ε for `lineSearch: 'none'` (default 0.01); else the first trial step. */
  step?: number;
}

export const GD_KEYS = [...COMMON_KEYS, ...LINE_SEARCH_KEYS, 'step'] as const;

/** Gradient descent (see the module comment). */
export function gd(
  objective: Objective,
  x0: ArrayLike<number>,
  options: GdOptions = {},
): MinimizeResult {
  const w = 'gd';
  const bag = options as Record<string, unknown>;
  checkKeys(bag, GD_KEYS, w);
  const common = readCommon(bag, w);
  const lsCfg = readLineSearch(
    bag,
    { kind: 'armijo', c2: 0.9 },
    ['wolfe', 'more-thuente', 'armijo', 'exact', 'none'],
    w,
  );
  const fixed = lsCfg.kind === 'none';
  const step = num(bag, 'step', fixed ? 0.01 : Number.NaN, { min: 0, minOpen: true }, w);

  const counted = new CountedObjective(objective);
  const n = objective.dim;
  const x = startPoint(x0, n, w);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const ls = new LineSearcher(counted, n, lsCfg);
  const mon = new Monitor(counted, common);
  let f = counted.valueAndGrad(x, g);
  let status: StopReason | null = mon.start(x, f, g);
  let nit = 0;
  let fPrev = Number.NaN;
  while (status === null) {
    let d0 = 0;
    for (let i = 0; i < n; i++) {
      p[i] = -g[i]!;
      d0 -= g[i]! * g[i]!;
    }
    let alpha0: number;
    if (fixed) alpha0 = step;
    else if (nit === 0 && !Number.isNaN(step)) alpha0 = step;
    else alpha0 = interpolatedStep(f, fPrev, d0, p);
    const r = ls.search(x, p, f, d0, alpha0);
    if (!r.ok) {
      if (ls.improved(r, f)) {
        ls.accept(x, g);
        f = ls.lf.f;
        nit++;
      }
      status = fixed ? 'nonFinite' : 'lineSearch';
      break;
    }
    const stepInf = ls.accept(x, g);
    fPrev = f;
    f = ls.lf.f;
    nit++;
    status = mon.check(nit, x, f, fPrev, g, stepInf);
  }
  return makeResult(x, f, g, nit, counted, common.gtol, status);
}
