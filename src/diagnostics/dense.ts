/**
 * The whole spectrum of a small symmetric operator, from the matrix itself:
 * H is formed column by column from n products H·eᵢ (on the active coordinates
 * only), symmetrised, reduced to tridiagonal form by Householder reflections and
 * diagonalised by the implicit QL algorithm (tridiagonal.ts):
 *
 *   for k = 0 … n − 3:  v = house(A[k+1:, k]),  A ← P A P  with P = I − τ v vᵀ
 *   (Golub & Van Loan, *Matrix Computations*, Algorithm 8.3.1), so Qᵀ A Q = T,
 *   Q = P₀ P₁ ⋯ P_{n−3};   T = S Λ Sᵀ (QL);   eigenvectors of A: Y = Q S.
 *
 * Every eigenvalue comes out with its multiplicity (nothing to miss, unlike
 * Lanczos), each accurate to about ε‖H‖ (backward stable). How sure each one is:
 * its residual ‖H yᵢ − λᵢ yᵢ‖₂ against the matrix AS FORMED (before symmetrising,
 * so an asymmetric H — inexact products — shows), a bound on the distance from λᵢ
 * to an eigenvalue of the symmetric part. O(n³): for n up to a few hundred.
 */
import { activeDim, type SymmetricOperator } from './operator.js';
import { tridiagonalEigen } from './tridiagonal.js';

export interface DenseMatrix {
  /** Size n_active; `a` is n_active × n_active row-major, columns H·eᵢ restricted to the active coordinates. */
  n: number;
  a: Float64Array;
  /** The active coordinates, in order (all when the operator has no mask). */
  index: Int32Array;
  /** Products used (n_active). */
  matvecs: number;
}

/** Forms the matrix of `op` on its active coordinates from n_active products. */
export function formMatrix(op: SymmetricOperator): DenseMatrix {
  const dim = op.dim;
  const n = activeDim(op);
  const index = new Int32Array(n);
  for (let i = 0, c = 0; i < dim; i++) if (!op.mask || op.mask[i]) index[c++] = i;
  const a = new Float64Array(n * n);
  const e = new Float64Array(dim);
  const out = new Float64Array(dim);
  for (let j = 0; j < n; j++) {
    e[index[j]!] = 1;
    op.apply(e, out);
    e[index[j]!] = 0;
    for (let i = 0; i < n; i++) a[i * n + j] = out[index[i]!]!;
  }
  return { n, a, index, matvecs: n };
}

export interface SymmetricEigen {
  /** All eigenvalues, ascending, with their multiplicities. */
  values: Float64Array;
  /** Unit eigenvectors of the requested `values` indices (length n each). */
  vectors: Map<number, Float64Array>;
}

/**
 * Eigenvalues of the symmetric part ½(A + Aᵀ) of the n×n row-major `a`, and the
 * eigenvectors of the indices in `wanted` (ascending order of values).
 */
export function symmetricEigen(
  a0: ArrayLike<number>,
  n: number,
  wanted: readonly number[] = [],
): SymmetricEigen {
  if (a0.length !== n * n) throw new RangeError(`symmetricEigen: expected ${n * n} entries`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (a0[i * n + j]! + a0[j * n + i]!);
  // Householder reduction; reflector k is stored in vs[k] (unit-free, with tau[k])
  const vs: Float64Array[] = [];
  const taus: number[] = [];
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1;
    const v = new Float64Array(m);
    let sigma = 0;
    for (let i = 0; i < m; i++) {
      v[i] = a[(k + 1 + i) * n + k]!;
      if (i > 0) sigma += v[i]! * v[i]!;
    }
    let tau = 0;
    if (sigma > 0) {
      const x0 = v[0]!;
      const mu = Math.sqrt(x0 * x0 + sigma);
      const v0 = x0 <= 0 ? x0 - mu : -sigma / (x0 + mu);
      tau = (2 * v0 * v0) / (sigma + v0 * v0);
      for (let i = 1; i < m; i++) v[i] = v[i]! / v0;
      v[0] = 1;
      // p = τ A₂₂ v;  w = p − (τ/2)(pᵀv) v;  A₂₂ ← A₂₂ − v wᵀ − w vᵀ
      let pv = 0;
      for (let i = 0; i < m; i++) {
        let s = 0;
        const row = (k + 1 + i) * n + k + 1;
        for (let j = 0; j < m; j++) s += a[row + j]! * v[j]!;
        p[i] = tau * s;
        pv += p[i]! * v[i]!;
      }
      const c = 0.5 * tau * pv;
      for (let i = 0; i < m; i++) p[i] = p[i]! - c * v[i]!;
      for (let i = 0; i < m; i++) {
        const row = (k + 1 + i) * n + k + 1;
        for (let j = 0; j < m; j++) a[row + j] = a[row + j]! - v[i]! * p[j]! - p[i]! * v[j]!;
      }
      // P x = ‖x‖₂ e₁: the column below the diagonal becomes (μ, 0, …, 0)
      a[(k + 1) * n + k] = mu;
      a[k * n + k + 1] = mu;
    }
    vs.push(v);
    taus.push(tau);
  }
  const alpha = new Float64Array(n);
  const off = new Float64Array(Math.max(n - 1, 0));
  for (let i = 0; i < n; i++) alpha[i] = a[i * n + i]!;
  for (let i = 0; i + 1 < n; i++) off[i] = a[(i + 1) * n + i]!;
  const t = tridiagonalEigen(alpha, off, wanted.length > 0 ? 'all' : 'none');
  const vectors = new Map<number, Float64Array>();
  for (const w of wanted) {
    if (!Number.isInteger(w) || w < 0 || w >= n)
      throw new RangeError(`symmetricEigen: wanted index ${w} is not in [0, ${n})`);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) y[r] = t.vectors[r * n + w]!;
    // y ← P₀ P₁ ⋯ P_{n−3} y (the last reflector first)
    for (let k = vs.length - 1; k >= 0; k--) {
      const v = vs[k]!;
      const tau = taus[k]!;
      if (tau === 0) continue;
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i]! * y[k + 1 + i]!;
      s *= tau;
      for (let i = 0; i < v.length; i++) y[k + 1 + i] = y[k + 1 + i]! - s * v[i]!;
    }
    vectors.set(w, y);
  }
  return { values: t.values, vectors };
}

/** ‖A y − λ y‖₂ for the n×n row-major A (as formed, not symmetrised). */
export function residualNorm(
  a: ArrayLike<number>,
  n: number,
  y: Float64Array,
  lambda: number,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let r = -lambda * y[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) r += a[row + j]! * y[j]!;
    s += r * r;
  }
  return Math.sqrt(s);
}
