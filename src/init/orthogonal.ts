/**
 * Random orthogonal initialisation.
 *
 * W = gain · Q, where Q is drawn from the Haar (uniform) measure on matrices with
 * orthonormal columns (fanIn ≥ fanOut: WᵀW = gain² I_fanOut) or orthonormal rows
 * (fanIn < fanOut: WWᵀ = gain² I_fanIn). For square W this is a uniformly random
 * orthogonal matrix, so every singular value of W equals `gain`, and products of
 * such layers neither shrink nor blow up signals (dynamical isometry of deep
 * linear networks).
 *
 * Method: draw A ∈ ℝ^{p×q} (p = max, q = min of fanIn, fanOut) with independent
 * N(0, 1) entries (row-major, in `rng.normal()` order); factor A = QR by
 * Householder reflections; multiply column k of Q by sign(R_kk). The sign
 * correction makes the factorisation the unique one with positive diag(R), and
 * with it Q is Haar-distributed; without it Q would be biased (Householder QR
 * gives Q_00 < 0 always). For fanIn < fanOut W = Qᵀ.
 *
 * References: A. M. Saxe, J. L. McClelland, S. Ganguli, "Exact solutions to the
 * nonlinear dynamics of learning in deep linear neural networks", ICLR 2014;
 * F. Mezzadri, "How to generate random matrices from the classical compact
 * groups", Notices of the AMS 54(5), 2007 (the sign correction).
 * Cost O(max·min²) in float64 scratch space, then written into `out` (rounded if
 * float32).
 *
 * @param gain multiplier > 0, default 1 (√2 for ReLU layers, see `recommendedGain`).
 */
import { z } from 'zod';
import { parseOptions, positive } from '../options/index.js';
import { checkShape, type Initializer } from './types.js';

/** Options of {@link orthogonal}: `gain` > 0 [1]. */
export const orthogonalOptions = z.strictObject({ gain: positive().default(1) });

export function orthogonal(gainOption?: number): Initializer {
  const { gain } = parseOptions('orthogonal', orthogonalOptions, { gain: gainOption });
  return (out, fanIn, fanOut, rng) => {
    checkShape('orthogonal', out, fanIn, fanOut);
    const p = Math.max(fanIn, fanOut);
    const q = Math.min(fanIn, fanOut);
    const a = new Float64Array(p * q);
    rng.fillNormal(a, 0, 1);
    const q0 = householderQ(a, p, q);
    if (fanIn >= fanOut) {
      for (let i = 0; i < p * q; i++) out[i] = gain * q0[i]!;
    } else {
      // W = Qᵀ: W[i, j] = Q[j, i], with W of shape [q, p].
      for (let i = 0; i < q; i++) {
        for (let j = 0; j < p; j++) out[i * p + j] = gain * q0[j * q + i]!;
      }
    }
  };
}

/**
 * The Q factor (p×q, orthonormal columns, row-major) of the tall matrix `a`
 * (p×q, p ≥ q, row-major; overwritten), with columns scaled by sign(R_kk) so that
 * R has a positive diagonal. Exported for tests.
 */
export function householderQ(a: Float64Array, p: number, q: number): Float64Array {
  const v = new Float64Array(p * q); // Householder vector k in column k, rows ≥ k
  const beta = new Float64Array(q);
  const sign = new Float64Array(q);
  for (let k = 0; k < q; k++) {
    let norm2 = 0;
    for (let r = k; r < p; r++) norm2 += a[r * q + k]! * a[r * q + k]!;
    const norm = Math.sqrt(norm2);
    if (norm === 0) {
      // Zero column (probability 0 for Gaussian input): H_k = I, R_kk = 0, keep sign +.
      sign[k] = 1;
      continue;
    }
    const akk = a[k * q + k]!;
    const alpha = akk >= 0 ? -norm : norm; // R_kk; sign opposite to a_kk avoids cancellation
    sign[k] = alpha > 0 ? 1 : -1;
    v[k * q + k] = akk - alpha;
    for (let r = k + 1; r < p; r++) v[r * q + k] = a[r * q + k]!;
    const vtv = 2 * norm2 - 2 * akk * alpha; // = ‖a_k − α e_k‖²
    const b = 2 / vtv;
    beta[k] = b;
    // A[k:, k:] ← (I − b v vᵀ) A[k:, k:]
    a[k * q + k] = alpha;
    for (let r = k + 1; r < p; r++) a[r * q + k] = 0;
    for (let c = k + 1; c < q; c++) {
      let s = 0;
      for (let r = k; r < p; r++) s += v[r * q + k]! * a[r * q + c]!;
      s *= b;
      for (let r = k; r < p; r++) a[r * q + c] = a[r * q + c]! - s * v[r * q + k]!;
    }
  }
  // Q = H_0 H_1 … H_{q−1} [I_q; 0], applied from the right-most reflection.
  const Q = new Float64Array(p * q);
  for (let i = 0; i < q; i++) Q[i * q + i] = 1;
  for (let k = q - 1; k >= 0; k--) {
    const b = beta[k]!;
    if (b === 0) continue;
    for (let c = k; c < q; c++) {
      let s = 0;
      for (let r = k; r < p; r++) s += v[r * q + k]! * Q[r * q + c]!;
      s *= b;
      for (let r = k; r < p; r++) Q[r * q + c] = Q[r * q + c]! - s * v[r * q + k]!;
    }
  }
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < q; c++) Q[r * q + c] = Q[r * q + c]! * sign[c]!;
  }
  return Q;
}
