/**
 * The trust-region driver shared by `trust-ncg` and `trust-krylov` (Nocedal &
 * Wright, Algorithm 4.1; SciPy's `_minimize_trust_region`). Each iteration
 * minimises the quadratic model
 *
 *   m_k(p) = f_k + g_kᵀp + ½ pᵀH_k p     subject to ‖p‖₂ ≤ Δ_k
 *
 * approximately (the method's subproblem solver, from Hessian-vector products
 * only), then compares the actual reduction with the model's:
 *
 *   ρ_k = (f(x_k) − f(x_k + p)) / (m_k(0) − m_k(p))
 *   ρ_k < ¼            → Δ_{k+1} = ¼Δ_k
 *   ρ_k > ¾, ‖p‖ = Δ_k → Δ_{k+1} = min(2Δ_k, Δ_max)
 *   ρ_k > η            → x_{k+1} = x_k + p      (else the step is rejected)
 *
 * Options (besides the common stopping ones): `initialTrustRadius` Δ₀ (default
 * 1), `maxTrustRadius` Δ_max (default 1000), `eta` η ∈ [0, ¼) (default 0.15) —
 * SciPy's defaults. A trial point where f is not finite counts as ρ = −∞ (the
 * radius shrinks). The run ends with `badModel` when the model predicts no
 * decrease (SciPy's warnflag 2).
 *
 * Counting differs from SciPy in one way: f and ∇f are evaluated together at
 * each trial point (SciPy evaluates ∇f only at accepted ones), and the model
 * value m_k(p) comes from the subproblem's own recurrences instead of one more
 * Hessian-vector product.
 */
import { z } from 'zod';
import { type Objective, requireHvp } from '../objectives/types.js';
import { positive } from '../options/index.js';
import { CountedObjective } from './counted.js';
import type { StopReason } from './messages.js';
import { type Common, methodSchema, positiveOrInfinity, stoppingShape } from './options.js';
import { type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { dot, startPoint } from './vec.js';

/** The options every trust-region method takes: the stopping ones and the radius ones (SciPy's defaults). */
export const trustRegionShape = {
  ...stoppingShape,
  /** Δ₀ > 0 (finite). Default 1. */
  initialTrustRadius: positive().default(1),
  /** Δ_max ≥ Δ₀ (may be Infinity). Default 1000. */
  maxTrustRadius: positiveOrInfinity().default(1000),
  /** Acceptance threshold η ∈ [0, 0.25). Default 0.15. */
  eta: z.number().min(0).lt(0.25).default(0.15),
};
const trustRegionSchema = methodSchema(trustRegionShape);

/** Options every trust-region method takes besides the common ones. */
export type TrustRegionOptions = Pick<
  z.input<typeof trustRegionSchema>,
  'initialTrustRadius' | 'maxTrustRadius' | 'eta'
>;

/** What a subproblem solver returns: the step in `p` and the model's change. */
export interface SubproblemStep {
  /** gᵀp + ½pᵀHp (the model's change m(p) − m(0); negative for a useful step). */
  modelChange: number;
  /** Whether ‖p‖ = Δ (the step was stopped by the boundary). */
  hitsBoundary: boolean;
}

/** A method's subproblem solver: writes p (‖p‖₂ ≤ radius) for the model at x. */
export type Subproblem = (
  x: Float64Array,
  g: Float64Array,
  radius: number,
  p: Float64Array,
) => SubproblemStep;

/** Validated trust-region options. */
export interface TrustRegionSetup {
  where: string;
  common: Common;
  radius0: number;
  maxRadius: number;
  eta: number;
}

/** The setup of a run from a method's parsed options (the trust-region methods all need `hvp`). */
export function trustRegionSetup(
  objective: Objective,
  o: Common & z.output<typeof trustRegionSchema>,
  where: string,
): TrustRegionSetup {
  requireHvp(objective, where);
  return {
    where,
    common: o,
    radius0: o.initialTrustRadius,
    maxRadius: o.maxTrustRadius,
    eta: o.eta,
  };
}

/**
 * Runs the trust-region loop with the method's subproblem solver, built once by
 * `make(counted)` so that its Hessian-vector products are counted.
 */
export function trustRegion(
  objective: Objective,
  x0: ArrayLike<number>,
  setup: TrustRegionSetup,
  make: (counted: CountedObjective) => Subproblem,
): MinimizeResult {
  const counted = new CountedObjective(objective);
  const n = objective.dim;
  const x = startPoint(x0, n, setup.where);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const xTrial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  const monitor = new Monitor(counted, setup.common);
  const solve = make(counted);
  let f = counted.valueAndGrad(x, g);
  let radius = setup.radius0;
  let nit = 0;
  let status: StopReason | null = monitor.start(x, f, g);
  while (status === null) {
    const step = solve(x, g, radius, p);
    const predicted = -step.modelChange;
    if (!(predicted > 0)) {
      status = 'badModel';
      break;
    }
    for (let i = 0; i < n; i++) xTrial[i] = x[i]! + p[i]!;
    const fTrial = counted.valueAndGrad(xTrial, gTrial);
    const rho = Number.isFinite(fTrial) ? (f - fTrial) / predicted : Number.NEGATIVE_INFINITY;
    if (rho < 0.25) radius *= 0.25;
    else if (rho > 0.75 && step.hitsBoundary) radius = Math.min(2 * radius, setup.maxRadius);
    const fPrev = f;
    let stepInf = 0;
    if (rho > setup.eta) {
      for (let i = 0; i < n; i++) {
        stepInf = Math.max(stepInf, Math.abs(p[i]!));
        x[i] = xTrial[i]!;
        g[i] = gTrial[i]!;
      }
      f = fTrial;
    }
    nit++;
    // a rejected step leaves x and f unchanged: the f- and x-tolerance tests
    // apply to accepted steps only
    status =
      rho > setup.eta
        ? monitor.check(nit, x, f, fPrev, g, stepInf)
        : monitor.check(nit, x, f, Number.POSITIVE_INFINITY, g, Number.POSITIVE_INFINITY);
    if (status === null && radius < Number.MIN_VALUE) status = 'badModel';
  }
  return makeResult(x, f, g, nit, counted, setup.common.gtol, status);
}

/**
 * The two solutions t_a ≤ t_b of ‖z + t d‖₂ = Δ (SciPy's
 * `get_boundaries_intersections`, written to avoid cancellation).
 */
export function boundaryIntersections(
  z: Float64Array,
  d: Float64Array,
  radius: number,
): [number, number] {
  const a = dot(d, d);
  const b = 2 * dot(z, d);
  const c = dot(z, z) - radius * radius;
  const disc = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  const aux = b + (b >= 0 ? disc : -disc);
  if (aux === 0) return [-Math.sqrt(-c / a), Math.sqrt(-c / a)];
  const ta = -aux / (2 * a);
  const tb = (-2 * c) / aux;
  return ta <= tb ? [ta, tb] : [tb, ta];
}
