/** Small dense helpers over Float64Array shared by the solvers (plain indexed loops). */

export { dot } from '../linalg/vector.js';

/** out ← −a */
export function negate(a: Float64Array, out: Float64Array): void {
  for (let i = 0; i < a.length; i++) out[i] = -a[i]!;
}

/** Copies a vector into a fresh Float64Array after checking length and finiteness. */
export function startPoint(x0: ArrayLike<number>, n: number, where: string): Float64Array {
  if (x0.length !== n) {
    throw new RangeError(
      `${where}: x0 must have the objective's dimension ${n}, got length ${x0.length}`,
    );
  }
  const x = Float64Array.from(x0);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]!))
      throw new RangeError(`${where}: x0[${i}] must be finite, got ${x[i]}`);
  }
  return x;
}

/**
 * Quasi-Newton pairs are used only when yᵀs > CURVATURE_EPS·‖s‖‖y‖: a pair at
 * round-off level (e.g. once ∇f ≈ 0) would make ρ = 1/yᵀs meaningless.
 */
export const CURVATURE_EPS = 1e-10;

/**
 * yᵀs and yᵀy of a quasi-Newton pair (s, y), or null when the pair is not used:
 * yᵀs ≤ CURVATURE_EPS·‖s‖‖y‖.
 */
export function curvaturePair(s: Float64Array, y: Float64Array): { sy: number; yy: number } | null {
  let sy = 0;
  let yy = 0;
  let ss = 0;
  for (let i = 0; i < s.length; i++) {
    sy += s[i]! * y[i]!;
    yy += y[i]! * y[i]!;
    ss += s[i]! * s[i]!;
  }
  return sy > CURVATURE_EPS * Math.sqrt(ss * yy) ? { sy, yy } : null;
}
