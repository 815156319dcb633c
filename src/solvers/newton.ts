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
import type { Objective } from '../objectives/types.js';
import { CountedObjective } from './counted.js';
import { choleskyShifted, choleskySolve, formHessian, luSolve } from './dense.js';
import { LineSearcher } from './lineSearch/index.js';
import type { StopReason } from './messages.js';
import {
  bool,
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

export interface NewtonOptions extends CommonOptions, LineSearchOptions {
  /** Add τI to H so that H + τI is positive definite. Default true. */
  regularize?: boolean;
  /** β of the shift rule, > 0. Default 1e-3. */
  shift?: number;
}

export const NEWTON_KEYS = [...COMMON_KEYS, ...LINE_SEARCH_KEYS, 'regularize', 'shift'] as const;

/** Newton's method (see the module comment). */
export function newton(
  objective: Objective,
  x0: ArrayLike<number>,
  options: NewtonOptions = {},
): MinimizeResult {
  const w = 'newton';
  const bag = options as Record<string, unknown>;
  checkKeys(bag, NEWTON_KEYS, w);
  const common = readCommon(bag, w);
  const regularize = bool(bag, 'regularize', true, w);
  const lsCfg = readLineSearch(
    bag,
    { kind: regularize ? 'wolfe' : 'none', c2: 0.9 },
    ['wolfe', 'more-thuente', 'armijo', 'none'],
    w,
  );
  const beta = num(bag, 'shift', 1e-3, { min: 0, minOpen: true }, w);

  const counted = new CountedObjective(objective);
  const n = objective.dim;
  const x = startPoint(x0, n, w);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const H = new Float64Array(n * n);
  const L = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  const ls = new LineSearcher(counted, n, lsCfg);
  const mon = new Monitor(counted, common);
  let f = counted.valueAndGrad(x, g);
  let status: StopReason | null = mon.start(x, f, g);
  let nit = 0;
  while (status === null) {
    formHessian(counted, x, H, e, col);
    for (let i = 0; i < n; i++) p[i] = -g[i]!;
    if (regularize) {
      let minDiag = Number.POSITIVE_INFINITY;
      for (let i = 0; i < n; i++) minDiag = Math.min(minDiag, H[i * n + i]!);
      let tau = minDiag > 0 ? 0 : -minDiag + beta;
      while (!choleskyShifted(H, tau, L, n)) {
        tau = Math.max(2 * tau, beta);
        if (!Number.isFinite(tau)) break;
      }
      if (!Number.isFinite(tau)) {
        status = 'nonFinite';
        break;
      }
      choleskySolve(L, p, n);
    } else if (!luSolve(H, L, p, n)) {
      status = 'singular';
      break;
    }
    let d0 = 0;
    for (let i = 0; i < n; i++) d0 += p[i]! * g[i]!;
    if (lsCfg.kind !== 'none' && !(d0 < 0)) {
      status = 'notDescent';
      break;
    }
    const r = ls.search(x, p, f, d0, 1);
    if (!r.ok) {
      if (ls.improved(r, f)) {
        ls.accept(x, g);
        f = ls.lf.f;
        nit++;
      }
      status = lsCfg.kind === 'none' ? 'nonFinite' : 'lineSearch';
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
