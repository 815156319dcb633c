/**
 * Linear conjugate gradients for A p = −g with A symmetric positive definite
 * given only as a product (Hestenes & Stiefel 1952; Nocedal & Wright,
 * Algorithm 5.2), the inner solver of `gauss-newton` and `hessian-free`:
 *
 *   r₀ = A p₀ + g,  d₀ = −r₀
 *   α_i = r_iᵀr_i / d_iᵀAd_i;  p_{i+1} = p_i + α_i d_i;  r_{i+1} = r_i + α_i A d_i
 *   d_{i+1} = −r_{i+1} + (r_{i+1}ᵀr_{i+1} / r_iᵀr_i) d_i
 *
 * It tracks φ(p) = ½pᵀAp + gᵀp = ½pᵀ(r + g) (the quadratic being minimised)
 * for Martens' relative-progress stopping rule (Martens 2010, §4.4):
 *   stop at i when i > k, φ_i < 0 and (φ_i − φ_{i−k}) / φ_i < k·ε, k = max(10, ⌈0.1·i⌉),
 * and keeps copies of chosen iterates (for Martens' CG backtracking).
 */
import { dot } from './vec.js';

export interface LinearCgOptions {
  /** Most iterations. */
  maxIter: number;
  /** Stop when ‖r‖ ≤ rtol·‖g‖ (0: off). */
  rtol: number;
  /** ε of Martens' relative-progress rule (0: off). */
  progressEps: number;
  /** Iteration numbers whose iterates are kept (ascending). */
  keepAt?: readonly number[];
}

export interface LinearCgResult {
  /** Iterations made. */
  iterations: number;
  /** φ(p) at the final p. */
  phi: number;
  /** The kept iterates with their iteration numbers (the final one last). */
  kept: { at: number; p: Float64Array }[];
  /** False when a direction of non-positive curvature stopped the solve. */
  positive: boolean;
}

/**
 * Runs CG from the initial guess in `p` (overwritten with the solution).
 * `apply(v, out)` writes A·v.
 */
export function linearCg(
  apply: (v: Float64Array, out: Float64Array) => void,
  g: Float64Array,
  p: Float64Array,
  o: LinearCgOptions,
): LinearCgResult {
  const n = g.length;
  const r = new Float64Array(n);
  const d = new Float64Array(n);
  const ad = new Float64Array(n);
  apply(p, r);
  for (let i = 0; i < n; i++) {
    r[i] = r[i]! + g[i]!;
    d[i] = -r[i]!;
  }
  const phiOf = () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += p[i]! * (r[i]! + g[i]!);
    return 0.5 * s;
  };
  const gNorm = Math.sqrt(dot(g, g));
  const phis: number[] = [phiOf()];
  const kept: { at: number; p: Float64Array }[] = [];
  const keepAt = o.keepAt ?? [];
  let nextKeep = 0;
  let rr = dot(r, r);
  let it = 0;
  let positive = true;
  while (it < o.maxIter) {
    if (o.rtol > 0 && Math.sqrt(rr) <= o.rtol * gNorm) break;
    apply(d, ad);
    const dad = dot(d, ad);
    if (!(dad > 0)) {
      positive = false;
      break;
    }
    const alpha = rr / dad;
    for (let i = 0; i < n; i++) {
      p[i] = p[i]! + alpha * d[i]!;
      r[i] = r[i]! + alpha * ad[i]!;
    }
    it++;
    const rrNew = dot(r, r);
    const phi = phiOf();
    phis.push(phi);
    while (nextKeep < keepAt.length && keepAt[nextKeep]! < it) nextKeep++;
    if (nextKeep < keepAt.length && keepAt[nextKeep] === it) kept.push({ at: it, p: p.slice() });
    if (o.progressEps > 0) {
      const k = Math.max(10, Math.ceil(0.1 * it));
      if (it > k && phi < 0 && (phi - phis[it - k]!) / phi < k * o.progressEps) break;
    }
    if (rrNew === 0) break;
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 0; i < n; i++) d[i] = -r[i]! + beta * d[i]!;
  }
  if (kept.length === 0 || kept[kept.length - 1]!.at !== it) kept.push({ at: it, p: p.slice() });
  return { iterations: it, phi: phis[phis.length - 1]!, kept, positive };
}
