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
import type { Objective } from '../objectives/types.js';
import { CountedObjective } from './counted.js';
import { LineSearcher } from './lineSearch/index.js';
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

export interface NewtonCgOptions extends CommonOptions, LineSearchOptions {
  /** Most inner CG iterations per outer step, integer ≥ 1. Default 20·n. */
  cgMaxIter?: number;
  /** η_max of the forcing sequence, in (0, 1). Default 0.5. */
  forcing?: number;
}

export const NEWTON_CG_KEYS = [
  ...COMMON_KEYS,
  ...LINE_SEARCH_KEYS,
  'cgMaxIter',
  'forcing',
] as const;

/** Newton-CG (see the module comment). */
export function newtonCg(
  objective: Objective,
  x0: ArrayLike<number>,
  options: NewtonCgOptions = {},
): MinimizeResult {
  const w = 'newton-cg';
  const bag = options as Record<string, unknown>;
  checkKeys(bag, NEWTON_CG_KEYS, w);
  const common = readCommon(bag, w);
  const lsCfg = readLineSearch(
    bag,
    { kind: 'wolfe', c2: 0.9 },
    ['wolfe', 'more-thuente', 'armijo', 'none'],
    w,
  );
  const n = objective.dim;
  const cgMaxIter = num(bag, 'cgMaxIter', 20 * n, { min: 1, integer: true }, w);
  const etaMax = num(bag, 'forcing', 0.5, { min: 0, max: 1, minOpen: true, maxOpen: true }, w);

  const counted = new CountedObjective(objective);
  const x = startPoint(x0, n, w);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const r = new Float64Array(n);
  const d = new Float64Array(n);
  const hd = new Float64Array(n);
  const ls = new LineSearcher(counted, n, lsCfg);
  const mon = new Monitor(counted, common);
  let f = counted.valueAndGrad(x, g);
  let status: StopReason | null = mon.start(x, f, g);
  let nit = 0;
  while (status === null) {
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
      counted.hvp(x, d, hd);
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
    if (!(d0 < 0)) {
      status = 'notDescent';
      break;
    }
    const res = ls.search(x, p, f, d0, 1);
    if (!res.ok) {
      if (ls.improved(res, f)) {
        ls.accept(x, g);
        f = ls.lf.f;
        nit++;
      }
      status = 'lineSearch';
      break;
    }
    const stepInf = ls.accept(x, g);
    const fPrev = f;
    f = ls.lf.f;
    nit++;
    status = mon.check(nit, x, f, fPrev, g, stepInf);
  }
  return makeResult(x, f, g, nit, counted, common.gtol, status);
}
