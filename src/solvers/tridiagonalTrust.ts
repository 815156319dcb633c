/**
 * The trust-region subproblem of a symmetric tridiagonal matrix, as GLTR needs
 * it at every Lanczos step (Gould, Lucidi, Roma & Toint 1999, §5):
 *
 *   min_h  γ e₁ᵀh + ½ hᵀT h   subject to ‖h‖₂ ≤ Δ
 *
 * solved by Moré & Sorensen's safeguarded Newton iteration on
 * φ(λ) = 1/‖h(λ)‖ − 1/Δ with (T + λI) h(λ) = −γe₁ (Moré & Sorensen 1983;
 * Nocedal & Wright, Algorithm 4.3). T + λI is factored as LDLᵀ in O(k); it is
 * positive definite iff every pivot is positive. The solution is interior (λ = 0)
 * when T is positive definite and ‖h(0)‖ ≤ Δ; otherwise ‖h‖ = Δ, λ ≥ max(0, −λ_min).
 * In the hard case (e₁ nearly orthogonal to T's lowest eigenvector, so ‖h(λ)‖ < Δ
 * for every admissible λ) h is completed to the boundary along an approximate
 * lowest eigenvector found by inverse iteration.
 */
import { norm } from '../linalg/vector.js';

export interface TridiagonalTrustResult {
  /** The multiplier λ ≥ 0 (0 for an interior solution). */
  lambda: number;
  /** γ e₁ᵀh + ½ hᵀT h. */
  modelChange: number;
}

const MAX_NEWTON = 200;

/**
 * Pivots of LDLᵀ = T + λI (diagonal `a`, off-diagonal `b`, size k) into `dPiv`
 * and multipliers into `l`; false when a pivot is not positive.
 */
function factor(
  a: Float64Array,
  b: Float64Array,
  k: number,
  lambda: number,
  dPiv: Float64Array,
  l: Float64Array,
): boolean {
  dPiv[0] = a[0]! + lambda;
  if (!(dPiv[0]! > 0)) return false;
  for (let i = 1; i < k; i++) {
    l[i] = b[i - 1]! / dPiv[i - 1]!;
    dPiv[i] = a[i]! + lambda - l[i]! * b[i - 1]!;
    if (!(dPiv[i]! > 0)) return false;
  }
  return true;
}

/** Solves LDLᵀ h = rhs in place (rhs → h). */
function solveLdl(dPiv: Float64Array, l: Float64Array, k: number, h: Float64Array): void {
  for (let i = 1; i < k; i++) h[i] = h[i]! - l[i]! * h[i - 1]!;
  for (let i = 0; i < k; i++) h[i] = h[i]! / dPiv[i]!;
  for (let i = k - 2; i >= 0; i--) h[i] = h[i]! - l[i + 1]! * h[i + 1]!;
}

/** γh₀ + ½hᵀTh. */
function modelChange(a: Float64Array, b: Float64Array, k: number, gamma: number, h: Float64Array) {
  let q = 0;
  for (let i = 0; i < k; i++) {
    q += a[i]! * h[i]! * h[i]!;
    if (i + 1 < k) q += 2 * b[i]! * h[i]! * h[i + 1]!;
  }
  return gamma * h[0]! + 0.5 * q;
}

/**
 * Solves the subproblem for T = tridiag(b, a, b) of size k (a: k diagonal
 * entries, b: k − 1 off-diagonal ones), writing h (length ≥ k). `work` needs
 * 3k entries.
 */
export function tridiagonalTrust(
  a: Float64Array,
  b: Float64Array,
  k: number,
  gamma: number,
  radius: number,
  h: Float64Array,
  work: Float64Array,
): TridiagonalTrustResult {
  const dPiv = work.subarray(0, k);
  const l = work.subarray(k, 2 * k);
  const u = work.subarray(2 * k, 3 * k);
  const solveAt = (lambda: number): boolean => {
    if (!factor(a, b, k, lambda, dPiv, l)) return false;
    h.fill(0, 0, k);
    h[0] = -gamma;
    solveLdl(dPiv, l, k, h);
    return true;
  };
  if (solveAt(0) && norm(h.subarray(0, k)) <= radius) {
    return { lambda: 0, modelChange: modelChange(a, b, k, gamma, h) };
  }
  // bracket λ: λ_min(T) ≥ min Gershgorin bound, ‖T‖ ≤ max row sum
  let minDiag = Number.POSITIVE_INFINITY;
  let tNorm = 0;
  for (let i = 0; i < k; i++) {
    const off = (i > 0 ? Math.abs(b[i - 1]!) : 0) + (i + 1 < k ? Math.abs(b[i]!) : 0);
    minDiag = Math.min(minDiag, a[i]!);
    tNorm = Math.max(tNorm, Math.abs(a[i]!) + off);
  }
  let lo = Math.max(0, -minDiag, gamma / radius - tNorm);
  let hi = gamma / radius + tNorm;
  let lambda = lo;
  for (let it = 0; it < MAX_NEWTON; it++) {
    if (!solveAt(lambda)) {
      lo = Math.max(lo, lambda);
      lambda = Math.max(Math.sqrt(lo * hi), lo + 0.01 * (hi - lo));
      continue;
    }
    const hn = norm(h.subarray(0, k));
    if (Math.abs(hn - radius) <= 1e-12 * radius) break;
    if (hn < radius) hi = Math.min(hi, lambda);
    else lo = Math.max(lo, lambda);
    if (hi - lo <= 1e-15 * Math.max(1, hi)) {
      if (hn < radius) completeHardCase(a, b, k, lambda, radius, h, work, gamma);
      break;
    }
    // Newton on φ(λ) = 1/‖h‖ − 1/Δ: ‖q‖² = hᵀ(T+λI)⁻¹h = Σ u_i²/d_i with L u = h
    u[0] = h[0]!;
    for (let i = 1; i < k; i++) u[i] = h[i]! - l[i]! * u[i - 1]!;
    let qq = 0;
    for (let i = 0; i < k; i++) qq += (u[i]! * u[i]!) / dPiv[i]!;
    const next = lambda + ((hn * hn) / qq) * ((hn - radius) / radius);
    lambda = next > lo && next < hi ? next : Math.max(Math.sqrt(lo * hi), lo + 0.01 * (hi - lo));
  }
  return { lambda, modelChange: modelChange(a, b, k, gamma, h) };
}

/**
 * The hard case: h = h(λ) + τz with z an approximate eigenvector of T's lowest
 * eigenvalue (inverse iteration with T + λI, λ just above −λ_min) and τ chosen
 * so that ‖h‖ = Δ with the lower model value.
 */
function completeHardCase(
  a: Float64Array,
  b: Float64Array,
  k: number,
  lambda: number,
  radius: number,
  h: Float64Array,
  work: Float64Array,
  gamma: number,
): void {
  const dPiv = work.subarray(0, k);
  const l = work.subarray(k, 2 * k);
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) z[i] = 1 / Math.sqrt(k);
  const shift = lambda * (1 + 1e-10) + 1e-14;
  if (!factor(a, b, k, shift, dPiv, l)) return;
  for (let it = 0; it < 3; it++) {
    solveLdl(dPiv, l, k, z);
    const zn = norm(z.subarray(0, k));
    for (let i = 0; i < k; i++) z[i] = z[i]! / zn;
  }
  let hz = 0;
  let hh = 0;
  for (let i = 0; i < k; i++) {
    hz += h[i]! * z[i]!;
    hh += h[i]! * h[i]!;
  }
  const c = hh - radius * radius;
  const disc = Math.sqrt(Math.max(0, hz * hz - c));
  const taus = [-hz + disc, -hz - disc];
  let best = h.slice(0, k);
  let bestM = Number.POSITIVE_INFINITY;
  for (const tau of taus) {
    const cand = new Float64Array(k);
    for (let i = 0; i < k; i++) cand[i] = h[i]! + tau * z[i]!;
    const m = modelChange(a, b, k, gamma, cand);
    if (m < bestM) {
      bestM = m;
      best = cand;
    }
  }
  h.set(best);
}
