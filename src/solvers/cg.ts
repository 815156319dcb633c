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
import { descend } from './descent.js';
import { interpolatedStep } from './lineSearch/index.js';
import {
  METHOD_KEYS,
  type MethodOptions,
  num,
  oneOf,
  readLineSearch,
  readMethodOptions,
} from './options.js';
import type { MinimizeResult } from './result.js';

export type CgBeta = 'fr' | 'pr' | 'pr+';

export interface CgOptions extends MethodOptions {
  /** β formula. Default 'pr+'. */
  beta?: CgBeta;
  /** Restart with −g every this many steps, integer ≥ 1. Default n (the dimension). */
  restartEvery?: number;
  /** Restart when |g_tᵀg_{t−1}| ≥ ν‖g_t‖²; ν > 0, Infinity disables. Default 0.2. */
  restartThreshold?: number;
}

export const CG_KEYS = [...METHOD_KEYS, 'beta', 'restartEvery', 'restartThreshold'] as const;

/** Nonlinear CG (see the module comment). */
export function cg(
  objective: Objective,
  x0: ArrayLike<number>,
  options: CgOptions = {},
): MinimizeResult {
  const where = 'cg';
  const { bag, common } = readMethodOptions(options, CG_KEYS, where);
  const ls = readLineSearch(
    bag,
    { kind: 'wolfe', c2: 0.4 },
    ['wolfe', 'more-thuente', 'armijo', 'exact'],
    where,
  );
  const beta = oneOf<CgBeta>(bag, 'beta', ['fr', 'pr', 'pr+'], 'pr+', where);
  const n = objective.dim;
  const restartEvery = num(bag, 'restartEvery', n, { min: 1, integer: true }, where);
  const nu = num(bag, 'restartThreshold', 0.2, { min: 0, minOpen: true }, where);

  return descend(objective, x0, { where, common, ls }, (st) => {
    const { g, p, y } = st;
    let sinceRestart = 0;
    let steepest = true; // p_t = −g_t
    let gg = 0; // g_tᵀg_t
    const steepestDescent = (): void => {
      for (let i = 0; i < n; i++) p[i] = -g[i]!;
      st.d0 = -gg;
      steepest = true;
    };
    for (let i = 0; i < n; i++) p[i] = -g[i]!; // ρ_0 = −g_0
    return {
      direction() {
        let d0 = 0;
        gg = 0;
        for (let i = 0; i < n; i++) {
          d0 += g[i]! * p[i]!;
          gg += g[i]! * g[i]!;
        }
        st.d0 = d0;
        steepest = sinceRestart === 0;
        if (!(d0 < 0)) steepestDescent(); // ρ_t is not a descent direction: restart
        st.alpha0 = interpolatedStep(st.f, st.fPrev, st.d0, p);
        return null;
      },
      retry() {
        // the search failed along a conjugate direction: once more along −g
        if (steepest) return false;
        steepestDescent();
        st.alpha0 = interpolatedStep(st.f, st.fPrev, st.d0, p);
        return true;
      },
      update() {
        sinceRestart++;
        // g now holds g_t; y = g_t − g_{t−1}; gg = g_{t−1}ᵀg_{t−1}
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
        for (let i = 0; i < n; i++) p[i] = -g[i]! + b * p[i]!; // ρ_t = −g_t + β_t ρ_{t−1}
      },
    };
  });
}
