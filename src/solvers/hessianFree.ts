/**
 * `hessian-free`: Martens' Hessian-free optimisation (Martens, "Deep learning
 * via Hessian-free optimization", ICML 2010, Algorithm 1), full batch. Each
 * iteration minimises the damped Gauss–Newton model by truncated CG:
 *
 *   q(p) = gᵀp + ½pᵀ(G + λI)p          (G the generalised Gauss–Newton matrix)
 *   CG from p₀ = ζ·p_{k−1} (ζ = 0.95, warm start), stopped by the relative
 *     progress rule (φ_i − φ_{i−k})/φ_i < kε, k = max(10, ⌈0.1i⌉), ε = 5e-4,
 *     or at `cgMaxIter` (§4.4–4.6)
 *   CG backtracking: of the iterates kept at i = ⌈1.3^j⌉ and the last, take the
 *     latest one before f stops decreasing (§4.6)
 *   ρ = (f(x + p) − f(x)) / (gᵀp + ½pᵀGp)   (reduction ratio of the undamped model)
 *   ρ < ¼ → λ ← 3/2 λ;  ρ > ¾ → λ ← 2/3 λ   (Levenberg–Marquardt heuristic, §4.1)
 *   x ← x + αp, α from Armijo backtracking (c = 1e-2, α ← 0.8α; Martens &
 *     Sutskever 2012, §8.8); no decrease at all → x stays and λ grows
 *
 * λ₀ = `damping` (default: the Rayleigh quotient ĝᵀG₀ĝ, so the start does not
 * depend on the scale of f). G·v products count in `nhvp`. Options (besides the
 * common stopping ones): `damping`, `cgMaxIter` (default 250), `progressEps`
 * (5e-4), `warmStart` ζ ∈ [0, 1] (0.95).
 */
import type { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { count, parseOptions, positive, unit } from '../options/index.js';
import { CountedObjective } from './counted.js';
import { requireGaussNewton } from './gaussNewton.js';
import { linearCg } from './linearCg.js';
import type { StopReason } from './messages.js';
import { methodSchema, stoppingShape } from './options.js';
import { type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { dot, startPoint } from './vec.js';

/** The options of `hessian-free` (the JSON spec's `"options"` are these without `callback`). */
export const hessianFreeShape = {
  ...stoppingShape,
  /** λ₀ > 0. Default ĝᵀG₀ĝ (the Rayleigh quotient of G along the first gradient). */
  damping: positive().optional(),
  /** Most CG iterations per step, integer ≥ 1. Default 250. */
  cgMaxIter: count().default(250),
  /** ε of the relative-progress rule, > 0. Default 5e-4. */
  progressEps: positive().default(5e-4),
  /** ζ of the warm start p₀ = ζ p_{k−1}, in [0, 1]. Default 0.95. */
  warmStart: unit().default(0.95),
};
const hessianFreeSchema = methodSchema(hessianFreeShape);

export type HessianFreeOptions = z.input<typeof hessianFreeSchema>;

/** ⌈1.3^j⌉ for j = 0, 1, … up to `max`, without repeats. */
function backtrackPoints(max: number): number[] {
  const out: number[] = [];
  for (let v = 1; ; v *= 1.3) {
    const i = Math.ceil(v);
    if (i > max) break;
    if (out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/** Martens' Hessian-free method (see the module comment). */
export function hessianFree(
  objective: Objective,
  x0: ArrayLike<number>,
  options: HessianFreeOptions = {},
): MinimizeResult {
  const where = 'hessian-free';
  const common = parseOptions(where, hessianFreeSchema, options);
  const n = objective.dim;
  const { cgMaxIter, progressEps, warmStart: zeta } = common;
  const damping0 = common.damping ?? Number.NaN;
  const counted = new CountedObjective(objective);
  requireGaussNewton(counted, where);
  const x = startPoint(x0, n, where);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const gp = new Float64Array(n);
  const xTrial = new Float64Array(n);
  const keepAt = backtrackPoints(cgMaxIter);
  const monitor = new Monitor(counted, common);
  let f = counted.valueAndGrad(x, g);
  let status: StopReason | null = monitor.start(x, f, g);
  let lambda = damping0;
  if (status === null && Number.isNaN(lambda)) {
    const gNorm = Math.sqrt(dot(g, g));
    for (let i = 0; i < n; i++) gp[i] = g[i]! / gNorm;
    const unit = gp.slice();
    counted.ggnvp(x, unit, gp);
    lambda = Math.max(dot(unit, gp), Number.MIN_VALUE);
  }
  const fAt = (step: Float64Array, alpha: number): number => {
    for (let i = 0; i < n; i++) xTrial[i] = x[i]! + alpha * step[i]!;
    const v = counted.value(xTrial);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let nit = 0;
  while (status === null) {
    const damp = lambda;
    for (let i = 0; i < n; i++) p[i] = zeta * p[i]!;
    const cg = linearCg(
      (v, out) => {
        counted.ggnvp(x, v, out);
        for (let i = 0; i < n; i++) out[i] = out[i]! + damp * v[i]!;
      },
      g,
      p,
      { maxIter: cgMaxIter, rtol: 0, progressEps, keepAt },
    );
    // CG backtracking: walk back from the last kept iterate while f improves
    const kept = cg.kept;
    let best = kept.length - 1;
    let fBest = fAt(kept[best]!.p, 1);
    for (let j = best - 1; j >= 0; j--) {
      const fj = fAt(kept[j]!.p, 1);
      if (!(fj < fBest)) break;
      best = j;
      fBest = fj;
    }
    const step = kept[best]!.p;
    p.set(step);
    // reduction ratio against the undamped model: pᵀGp = pᵀ(G + λI)p − λ‖p‖²
    counted.ggnvp(x, p, gp);
    const gTp = dot(g, p);
    const model = gTp + 0.5 * dot(p, gp);
    const rho = model < 0 ? (fBest - f) / model : Number.NEGATIVE_INFINITY;
    if (rho < 0.25) lambda *= 1.5;
    else if (rho > 0.75) lambda *= 2 / 3;
    // Armijo backtracking along p
    let alpha = 1;
    let fNew = fBest;
    const slope = gTp;
    while (!(fNew <= f + 1e-2 * alpha * slope) && alpha > 1e-8) {
      alpha *= 0.8;
      fNew = fAt(p, alpha);
    }
    const fPrev = f;
    let stepInf = Number.POSITIVE_INFINITY;
    if (fNew < f && slope < 0) {
      stepInf = 0;
      for (let i = 0; i < n; i++) {
        const s = alpha * p[i]!;
        stepInf = Math.max(stepInf, Math.abs(s));
        x[i] = x[i]! + s;
      }
      f = counted.valueAndGrad(x, g);
    } else {
      p.fill(0);
    }
    nit++;
    status = monitor.check(
      nit,
      x,
      f,
      stepInf === Number.POSITIVE_INFINITY ? Infinity : fPrev,
      g,
      stepInf,
    );
    if (status === null && !Number.isFinite(lambda)) status = 'badModel';
  }
  return makeResult(x, f, g, nit, counted, common.gtol, status);
}
