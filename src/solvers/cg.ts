/**
 * Nonlinear conjugate gradient (Goodfellow et al. §8.6.2, Algorithm 8.9, with the
 * correction of CORRECTIONS.md #7; Nocedal & Wright §5.2):
 *
 *   ρ_0 = −g_0;   ρ_t = −g_t + β_t ρ_{t−1};   x_{t+1} = x_t + ε_t ρ_t  (ε_t from a line search)
 *   Fletcher–Reeves:  β_t = g_tᵀg_t / g_{t−1}ᵀg_{t−1}
 *   Polak–Ribière:    β_t = g_tᵀ(g_t − g_{t−1}) / g_{t−1}ᵀg_{t−1}
 *   PR+:              β_t = max(0, β_t^PR)
 *
 * Restarts (β_t = 0): every `restartEvery` steps (default n), when successive
 * gradients are far from orthogonal, |g_tᵀg_{t−1}| ≥ ν g_tᵀg_t (Powell's test, N&W
 * eq. 5.52, ν = `restartThreshold`, default 0.2; Infinity disables it), and when
 * ρ_t is not a descent direction. With `lineSearch: 'exact'` (one hvp per step)
 * the method is linear CG on a quadratic, exact in at most n steps.
 *
 * Options: `beta` ('fr' | 'pr' | 'pr+', default 'pr+'), `restartEvery`,
 * `restartThreshold`. First trial step per line search: α = 1.01·2(f_t − f_{t−1})/φ'(0)
 * (1/‖ρ_0‖₂ at the start). Line search default `wolfe` with c2 = 0.4 (SciPy's
 * choice; c2 < ½ keeps Fletcher–Reeves a descent method). If a line search fails
 * on a conjugate direction, the step is retried once along −g before giving up.
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
  oneOf,
  readCommon,
  readLineSearch,
} from './options.js';
import { type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { startPoint } from './vec.js';

export type CgBeta = 'fr' | 'pr' | 'pr+';

export interface CgOptions extends CommonOptions, LineSearchOptions {
  /** β formula. Default 'pr+'. */
  beta?: CgBeta;
  /** Restart with −g every this many steps, integer ≥ 1. Default n (the dimension). */
  restartEvery?: number;
  /** Restart when |g_tᵀg_{t−1}| ≥ ν‖g_t‖²; ν > 0, Infinity disables. Default 0.2. */
  restartThreshold?: number;
}

export const CG_KEYS = [
  ...COMMON_KEYS,
  ...LINE_SEARCH_KEYS,
  'beta',
  'restartEvery',
  'restartThreshold',
] as const;

/** Nonlinear CG (see the module comment). */
export function cg(
  objective: Objective,
  x0: ArrayLike<number>,
  options: CgOptions = {},
): MinimizeResult {
  const w = 'cg';
  const bag = options as Record<string, unknown>;
  checkKeys(bag, CG_KEYS, w);
  const common = readCommon(bag, w);
  const lsCfg = readLineSearch(
    bag,
    { kind: 'wolfe', c2: 0.4 },
    ['wolfe', 'more-thuente', 'armijo', 'exact'],
    w,
  );
  const beta = oneOf<CgBeta>(bag, 'beta', ['fr', 'pr', 'pr+'], 'pr+', w);
  const n = objective.dim;
  const restartEvery = num(bag, 'restartEvery', n, { min: 1, integer: true }, w);
  const nu = num(bag, 'restartThreshold', 0.2, { min: 0, minOpen: true }, w);

  const counted = new CountedObjective(objective);
  const x = startPoint(x0, n, w);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const y = new Float64Array(n);
  const ls = new LineSearcher(counted, n, lsCfg);
  const mon = new Monitor(counted, common);
  let f = counted.valueAndGrad(x, g);
  let status: StopReason | null = mon.start(x, f, g);
  let nit = 0;
  let fPrev = Number.NaN;
  let sinceRestart = 0;
  for (let i = 0; i < n; i++) p[i] = -g[i]!;
  while (status === null) {
    let d0 = 0;
    let gg = 0;
    for (let i = 0; i < n; i++) {
      d0 += g[i]! * p[i]!;
      gg += g[i]! * g[i]!;
    }
    let steepest = sinceRestart === 0;
    if (!(d0 < 0)) {
      for (let i = 0; i < n; i++) p[i] = -g[i]!;
      d0 = -gg;
      steepest = true;
    }
    let r = ls.search(x, p, f, d0, interpolatedStep(f, fPrev, d0, p));
    if (!r.ok && !steepest) {
      for (let i = 0; i < n; i++) p[i] = -g[i]!;
      d0 = -gg;
      r = ls.search(x, p, f, d0, interpolatedStep(f, fPrev, d0, p));
    }
    if (!r.ok) {
      if (ls.improved(r, f)) {
        ls.accept(x, g);
        f = ls.lf.f;
        nit++;
      }
      status = 'lineSearch';
      break;
    }
    const stepInf = ls.accept(x, g, undefined, y);
    fPrev = f;
    f = ls.lf.f;
    nit++;
    sinceRestart++;
    // g now holds g_{t}; y = g_t − g_{t−1}; gg = g_{t−1}ᵀg_{t−1}
    let gNew = 0;
    let gy = 0;
    for (let i = 0; i < n; i++) {
      gNew += g[i]! * g[i]!;
      gy += g[i]! * y[i]!;
    }
    const gOld = gNew - gy; // g_tᵀg_{t−1}
    let b: number;
    if (beta === 'fr') b = gNew / gg;
    else {
      b = gy / gg;
      if (beta === 'pr+' && b < 0) b = 0;
    }
    if (sinceRestart >= restartEvery || Math.abs(gOld) >= nu * gNew) {
      b = 0;
      sinceRestart = 0;
    }
    for (let i = 0; i < n; i++) p[i] = -g[i]! + b * p[i]!;
    status = mon.check(nit, x, f, fPrev, g, stepInf);
  }
  return makeResult(x, f, g, nit, counted, common.gtol, status);
}
