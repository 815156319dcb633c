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
 *   f_{−1} = f_0 + ‖g_0‖₂/2 (so α0 = min(1, 1.01/‖g_0‖₂) at the start); `unit` is
 *   α0 = min(1, 1/‖p_0‖₂) on the first search and α0 = 1 afterwards (N&W §3.5).
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
import type { Objective } from '../objectives/types.js';
import { CountedObjective } from './counted.js';
import {
  decreaseStep,
  type LineSearchConfig,
  LineSearcher,
  unitLengthStep,
} from './lineSearch/index.js';
import type { StopReason } from './messages.js';
import {
  bool,
  COMMON_KEYS,
  type Common,
  type CommonOptions,
  checkKeys,
  LINE_SEARCH_KEYS,
  type LineSearchOptions,
  oneOf,
  readCommon,
  readLineSearch,
} from './options.js';
import { type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { CURVATURE_EPS, dot, startPoint } from './vec.js';

export interface BfgsOptions extends CommonOptions, LineSearchOptions {
  /** Scale M_0 by yᵀs/yᵀy before the first update. Default false. */
  initialScaling?: boolean;
  /** First trial step of each search: `decrease` (SciPy's) or `unit`. Default `decrease`. */
  initialStep?: 'decrease' | 'unit';
}

export const BFGS_KEYS = [
  ...COMMON_KEYS,
  ...LINE_SEARCH_KEYS,
  'initialScaling',
  'initialStep',
] as const;

interface Config {
  common: Common;
  ls: LineSearchConfig;
  initialScaling: boolean;
  initialStep: 'decrease' | 'unit';
}

function read(o: BfgsOptions): Config {
  const w = 'bfgs';
  const bag = o as Record<string, unknown>;
  checkKeys(bag, BFGS_KEYS, w);
  return {
    common: readCommon(bag, w),
    ls: readLineSearch(
      bag,
      { kind: 'more-thuente', c2: 0.9 },
      ['wolfe', 'more-thuente', 'armijo', 'exact', 'none'],
      w,
    ),
    initialScaling: bool(bag, 'initialScaling', false, w),
    initialStep: oneOf(bag, 'initialStep', ['decrease', 'unit'], 'decrease', w),
  };
}

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
  const cfg = read(options);
  const counted = new CountedObjective(objective);
  const n = objective.dim;
  const x = startPoint(x0, n, 'bfgs');
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const my = new Float64Array(n);
  const M = new Float64Array(n * n);
  setIdentity(M, n, 1);
  const ls = new LineSearcher(counted, n, cfg.ls);
  const mon = new Monitor(counted, cfg.common);
  let f = counted.valueAndGrad(x, g);
  let fPrev = f + 0.5 * Math.sqrt(dot(g, g)); // SciPy's start: the first trial is 1.01/‖g_0‖₂ along −g_0
  let status: StopReason | null = mon.start(x, f, g);
  let nit = 0;
  let updated = false;
  while (status === null) {
    let d0 = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) t -= M[row + j]! * g[j]!;
      p[i] = t;
      d0 += t * g[i]!;
    }
    if (!(d0 < 0)) {
      setIdentity(M, n, 1);
      updated = false;
      d0 = 0;
      for (let i = 0; i < n; i++) {
        p[i] = -g[i]!;
        d0 -= g[i]! * g[i]!;
      }
    }
    let alpha0: number;
    if (cfg.ls.kind === 'none') alpha0 = 1;
    else if (cfg.initialStep === 'decrease') alpha0 = decreaseStep(f, fPrev, d0);
    else alpha0 = updated ? 1 : unitLengthStep(p);
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
    fPrev = f;
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
      if (!updated && cfg.initialScaling) setIdentity(M, n, sy / yy);
      bfgsUpdate(M, s, y, my);
      updated = true;
    }
    status = mon.check(nit, x, f, fPrev, g, stepInf);
  }
  return { result: makeResult(x, f, g, nit, counted, cfg.common.gtol, status), inverseHessian: M };
}

/** BFGS (see the module comment for the update, options and defaults). */
export function bfgs(
  objective: Objective,
  x0: ArrayLike<number>,
  options: BfgsOptions = {},
): MinimizeResult {
  return bfgsDetailed(objective, x0, options).result;
}
