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
 * first trial step is α = min(1, 1/‖p_0‖₂), later ones α = 1. Pairs with
 * yᵀs ≤ 1e-10‖s‖‖y‖ are not stored. Line search default: `wolfe`, c1 = 1e-4, c2 = 0.9.
 * Unlike SciPy's L-BFGS-B there are no bounds.
 */
import type { Objective } from '../objectives/types.js';
import { CountedObjective } from './counted.js';
import { LineSearcher, unitLengthStep } from './lineSearch/index.js';
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
import { CURVATURE_EPS, startPoint } from './vec.js';

export interface LbfgsOptions extends CommonOptions, LineSearchOptions {
  /** Number m of stored (s, y) pairs. Default 10. */
  memory?: number;
}

export const LBFGS_KEYS = [...COMMON_KEYS, ...LINE_SEARCH_KEYS, 'memory'] as const;

/** L-BFGS (see the module comment). */
export function lbfgs(
  objective: Objective,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): MinimizeResult {
  const w = 'lbfgs';
  const bag = options as Record<string, unknown>;
  checkKeys(bag, LBFGS_KEYS, w);
  const common = readCommon(bag, w);
  const lsCfg = readLineSearch(
    bag,
    { kind: 'wolfe', c2: 0.9 },
    ['wolfe', 'more-thuente', 'armijo', 'exact', 'none'],
    w,
  );
  const m = num(bag, 'memory', 10, { min: 1, integer: true }, w);

  const counted = new CountedObjective(objective);
  const n = objective.dim;
  const x = startPoint(x0, n, w);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const S = new Float64Array(m * n);
  const Y = new Float64Array(m * n);
  const rho = new Float64Array(m);
  const a = new Float64Array(m);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  let count = 0; // pairs stored
  let head = 0; // slot of the next pair
  let gamma = 1;
  const ls = new LineSearcher(counted, n, lsCfg);
  const mon = new Monitor(counted, common);
  let f = counted.valueAndGrad(x, g);
  let status: StopReason | null = mon.start(x, f, g);
  let nit = 0;
  while (status === null) {
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
    if (!(d0 < 0)) {
      status = 'notDescent';
      break;
    }
    const alpha0 = count > 0 || lsCfg.kind === 'none' ? 1 : unitLengthStep(p);
    const r = ls.search(x, p, f, d0, alpha0);
    if (!r.ok) {
      if (ls.improved(r, f)) {
        ls.accept(x, g);
        f = ls.lf.f;
        nit++;
      }
      status = 'lineSearch';
      break;
    }
    const stepInf = ls.accept(x, g, s, y);
    const fPrev = f;
    f = ls.lf.f;
    nit++;
    let sy = 0;
    let yy = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      sy += s[i]! * y[i]!;
      yy += y[i]! * y[i]!;
      ss += s[i]! * s[i]!;
    }
    if (sy > CURVATURE_EPS * Math.sqrt(ss * yy)) {
      S.set(s, head * n);
      Y.set(y, head * n);
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      if (count < m) count++;
      gamma = sy / yy;
    }
    status = mon.check(nit, x, f, fPrev, g, stepInf);
  }
  return makeResult(x, f, g, nit, counted, common.gtol, status);
}
