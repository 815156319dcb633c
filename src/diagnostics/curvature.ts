/**
 * Ill-conditioning of the Hessian along the gradient (Goodfellow et al., *Deep
 * Learning*, §8.2.1 and eq. 4.9–4.10).
 *
 * The second-order Taylor series of the cost along a gradient step of size ε is
 *
 *   J(θ − εg) ≈ J(θ) − ε gᵀg + ½ ε² gᵀHg,
 *
 * so the step raises the cost (to second order) when ½ε²gᵀHg > εgᵀg. For
 * gᵀHg > 0 every step ε < ε_safe = 2gᵀg/gᵀHg lowers the predicted cost, and the
 * predicted decrease is largest at ε* = gᵀg/gᵀHg (eq. 4.10). For gᵀHg ≤ 0 the
 * model never rises: ε_safe = ε* = +∞. The book monitors ‖g‖ and gᵀHg while
 * training (fig 8.1): when gᵀHg grows faster than gᵀg, learning slows even
 * though the gradient stays large.
 */
import { type Objective, requireHvp } from '../objectives/types.js';
import { dot } from './vec.js';

export interface CurvatureAlongGradient {
  /** J(θ) */
  loss: number;
  /** ‖g‖₂ */
  gradNorm: number;
  /** gᵀg */
  gg: number;
  /** gᵀHg (one Hessian-vector product) */
  gHg: number;
  /** gᵀHg/gᵀg: the curvature along the gradient direction (NaN when g = 0) */
  curvature: number;
  /** 2gᵀg/gᵀHg, or +∞ when gᵀHg ≤ 0 */
  safeStep: number;
  /** gᵀg/gᵀHg, or +∞ when gᵀHg ≤ 0 */
  optimalStep: number;
}

export interface IllConditioning extends CurvatureAlongGradient {
  /** The step size ε examined. */
  eps: number;
  /** ε gᵀg: the first-order decrease */
  firstOrder: number;
  /** ½ ε² gᵀHg: the second-order term */
  secondOrder: number;
  /** −ε gᵀg + ½ ε² gᵀHg: the predicted change of the cost */
  predictedChange: number;
  /** ½ε²gᵀHg > εgᵀg: the step raises the cost to second order */
  raisesCost: boolean;
}

/** ‖∇J(θ)‖₂ (one gradient evaluation). */
export function gradientNorm(objective: Objective, x: Float64Array): number {
  const g = new Float64Array(objective.dim);
  objective.valueAndGrad(x, g);
  return Math.sqrt(dot(g, g));
}

/** J, ‖g‖, gᵀg, gᵀHg and the safe/optimal steps at θ: one gradient and one Hessian-vector product. */
export function curvatureAlongGradient(
  objective: Objective,
  x: Float64Array,
): CurvatureAlongGradient {
  requireHvp(objective, 'curvatureAlongGradient');
  if (x.length !== objective.dim)
    throw new RangeError(
      `curvatureAlongGradient: x must have length ${objective.dim}, got ${x.length}`,
    );
  const g = new Float64Array(objective.dim);
  const hg = new Float64Array(objective.dim);
  const loss = objective.valueAndGrad(x, g);
  objective.hvp(x, g, hg);
  return fromProducts(loss, dot(g, g), dot(g, hg));
}

/** The quantities of `CurvatureAlongGradient` from J, gᵀg and gᵀHg. */
export function fromProducts(loss: number, gg: number, gHg: number): CurvatureAlongGradient {
  const pos = gHg > 0;
  return {
    loss,
    gradNorm: Math.sqrt(gg),
    gg,
    gHg,
    curvature: gg > 0 ? gHg / gg : Number.NaN,
    safeStep: pos ? (2 * gg) / gHg : Number.POSITIVE_INFINITY,
    optimalStep: pos ? gg / gHg : Number.POSITIVE_INFINITY,
  };
}

/** The book's criterion for a step of size ε from given products. */
export function criterionFor(c: CurvatureAlongGradient, eps: number): IllConditioning {
  if (!(Number.isFinite(eps) && eps >= 0))
    throw new RangeError(`illConditioning: eps must be a finite number ≥ 0, got ${eps}`);
  const firstOrder = eps * c.gg;
  const secondOrder = 0.5 * eps * eps * c.gHg;
  return {
    ...c,
    eps,
    firstOrder,
    secondOrder,
    predictedChange: secondOrder - firstOrder,
    raisesCost: secondOrder > firstOrder,
  };
}

/**
 * Everything above for a gradient step of size ε (the learning rate): ‖g‖, gᵀg,
 * gᵀHg, εgᵀg, ½ε²gᵀHg, the predicted change, whether the step raises the cost,
 * and the largest safe step 2gᵀg/gᵀHg.
 */
export function illConditioning(
  objective: Objective,
  x: Float64Array,
  eps: number,
): IllConditioning {
  if (!(Number.isFinite(eps) && eps >= 0))
    throw new RangeError(`illConditioning: eps must be a finite number ≥ 0, got ${eps}`);
  return criterionFor(curvatureAlongGradient(objective, x), eps);
}
