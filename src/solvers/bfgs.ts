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
 * Options (besides the common ones): `initialScaling` (default false, as SciPy;
 * it cost more evaluations on the SciPy fixture problems) replaces M_0 = I by
 * (yᵀs / yᵀy) I just before the first update (N&W eq. 6.20); the first
 * trial step is α = min(1, 1/‖p_0‖₂), later ones α = 1. The update is skipped when
 * yᵀs ≤ 1e-10‖s‖‖y‖ (possible with a search weaker than Wolfe, or at round-off level); when p is not a descent
 * direction M is reset to I. Line search default: `wolfe`, c1 = 1e-4, c2 = 0.9.
 */
import type { Objective } from '../objectives/types.js';
import { CountedObjective } from './counted.js';
import { type LineSearchConfig, LineSearcher, unitLengthStep } from './lineSearch/index.js';
import type { StopReason } from './messages.js';
import {
  bool,
  COMMON_KEYS,
  type Common,
  type CommonOptions,
  checkKeys,
  LINE_SEARCH_KEYS,
  type LineSearchOptions,
  readCommon,
  readLineSearch,
} from './options.js';
import { type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { CURVATURE_EPS, startPoint } from './vec.js';

export interface BfgsOptions extends CommonOptions, LineSearchOptions {
  /** Scale M_0 by yᵀs/yᵀy before the first update. Default false. */
  initialScaling?: boolean;
}

export const BFGS_KEYS = [...COMMON_KEYS, ...LINE_SEARCH_KEYS, 'initialScaling'] as const;

interface Config {
  common: Common;
  ls: LineSearchConfig;
  initialScaling: boolean;
}

function read(o: BfgsOptions): Config {
  const w = 'bfgs';
  const bag = o as Record<string, unknown>;
  checkKeys(bag, BFGS_KEYS, w);
  return {
    common: readCommon(bag, w),
    ls: readLineSearch(bag, { kind: 'wolfe', c2: 0.9 }, ['wolfe', 'armijo', 'exact', 'none'], w),
    initialScaling: bool(bag, 'initialScaling', false, w),
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
    const alpha0 = updated || cfg.ls.kind === 'none' ? 1 : unitLengthStep(p);
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
