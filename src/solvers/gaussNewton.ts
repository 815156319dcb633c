/**
 * `gauss-newton`: Gauss–Newton with Levenberg–Marquardt damping, for objectives
 * of the form f = ℓ(z(x)) with ℓ convex (sums of squares f = Σ r_i², and
 * network losses on their outputs), using exact generalised Gauss–Newton
 * products G·v = Jᵀ∇²ℓ J v (`objectives/gaussNewton.ts`). Each iteration
 * (Levenberg 1944; Marquardt 1963; the damping update of Nielsen 1999, as in
 * Madsen, Nielsen & Tingleff, *Methods for non-linear least squares problems*,
 * Algorithm 3.16):
 *
 *   solve (G_k + μ_k I) p = −g_k              (linear CG on products, to rtol)
 *   ρ = (f(x_k) − f(x_k + p)) / (−gᵀp − ½pᵀG_k p)
 *   ρ > 0:  x_{k+1} = x_k + p;  μ ← μ·max(⅓, 1 − (2ρ − 1)³);  ν ← 2
 *   else:   μ ← μ·ν;  ν ← 2ν                  (step rejected)
 *
 * μ₀ = τ·ĝᵀG₀ĝ with ĝ = g₀/‖g₀‖ (a Rayleigh quotient of G, so the start is
 * invariant to the scale of f). Options (besides the common stopping ones):
 * `tau` τ > 0 (default 1e-3), `cgMaxIter` (default 2n), `cgTol` (relative
 * residual of the inner solve, default 1e-10). G·v products count in `nhvp`.
 * With μ → 0 this is the plain Gauss–Newton step.
 */
import type { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { count, nonnegative, parseOptions, positive } from '../options/index.js';
import { CountedObjective } from './counted.js';
import { linearCg } from './linearCg.js';
import type { StopReason } from './messages.js';
import { methodSchema, stoppingShape } from './options.js';
import { type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { dot, startPoint } from './vec.js';

/** The options of `gauss-newton` (the JSON spec's `"options"` are these without `callback`). */
export const gaussNewtonShape = {
  ...stoppingShape,
  /** τ of the first damping μ₀ = τ·ĝᵀGĝ, > 0. Default 1e-3. */
  tau: positive().default(1e-3),
  /** Most inner CG iterations, integer ≥ 1. Default 2n. */
  cgMaxIter: count().optional(),
  /** Relative residual at which the inner solve stops, ≥ 0. Default 1e-10. */
  cgTol: nonnegative().default(1e-10),
};
const gaussNewtonSchema = methodSchema(gaussNewtonShape);

export type GaussNewtonOptions = z.input<typeof gaussNewtonSchema>;

/** Throws unless the objective offers Gauss–Newton products. */
export function requireGaussNewton(counted: CountedObjective, where: string): void {
  if (!counted.hasGaussNewton) {
    throw new RangeError(
      `${where}: needs a problem of the form loss(outputs(x)) with Gauss–Newton products: a sum of squares (rosenbrock, beale, himmelblau, powell, bowl) or an mlp; saddle and quadratic have none`,
    );
  }
}

/** Levenberg–Marquardt-damped Gauss–Newton (see the module comment). */
export function gaussNewton(
  objective: Objective,
  x0: ArrayLike<number>,
  options: GaussNewtonOptions = {},
): MinimizeResult {
  const where = 'gauss-newton';
  const common = parseOptions(where, gaussNewtonSchema, options);
  const n = objective.dim;
  const { tau, cgTol } = common;
  const cgMaxIter = common.cgMaxIter ?? 2 * n;
  const counted = new CountedObjective(objective);
  requireGaussNewton(counted, where);
  const x = startPoint(x0, n, where);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const gp = new Float64Array(n);
  const xTrial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  const monitor = new Monitor(counted, common);
  let f = counted.valueAndGrad(x, g);
  let status: StopReason | null = monitor.start(x, f, g);
  let mu = 0;
  if (status === null) {
    const gNorm = Math.sqrt(dot(g, g));
    for (let i = 0; i < n; i++) p[i] = g[i]! / gNorm;
    counted.ggnvp(x, p, gp);
    mu = tau * Math.max(dot(p, gp), Number.MIN_VALUE);
  }
  let nu = 2;
  let nit = 0;
  while (status === null) {
    const damping = mu;
    const apply = (v: Float64Array, out: Float64Array) => {
      counted.ggnvp(x, v, out);
      for (let i = 0; i < n; i++) out[i] = out[i]! + damping * v[i]!;
    };
    p.fill(0);
    linearCg(apply, g, p, { maxIter: cgMaxIter, rtol: cgTol, progressEps: 0 });
    // pᵀGp from the solve: (G + μI)p ≈ −g, so pᵀGp ≈ −gᵀp − μ‖p‖²
    const gTp = dot(g, p);
    const predicted = -gTp - 0.5 * (-gTp - mu * dot(p, p));
    for (let i = 0; i < n; i++) xTrial[i] = x[i]! + p[i]!;
    const fTrial = counted.valueAndGrad(xTrial, gTrial);
    const rho =
      Number.isFinite(fTrial) && predicted > 0
        ? (f - fTrial) / predicted
        : Number.NEGATIVE_INFINITY;
    const fPrev = f;
    let stepInf = Number.POSITIVE_INFINITY;
    if (rho > 0) {
      stepInf = 0;
      for (let i = 0; i < n; i++) {
        stepInf = Math.max(stepInf, Math.abs(p[i]!));
        x[i] = xTrial[i]!;
        g[i] = gTrial[i]!;
      }
      f = fTrial;
      mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
      nu = 2;
    } else {
      mu *= nu;
      nu *= 2;
    }
    nit++;
    status = monitor.check(nit, x, f, rho > 0 ? fPrev : Number.POSITIVE_INFINITY, g, stepInf);
    if (status === null && !Number.isFinite(mu)) status = 'badModel';
  }
  return makeResult(x, f, g, nit, counted, common.gtol, status);
}
