/**
 * Cholesky factorisation and triangular solves on row-major n×n Float64Array
 * matrices: the one copy used by the Gaussian process of `tune` and by Newton's
 * method in `solvers`.
 *
 * Cholesky (Golub & Van Loan, *Matrix Computations*, Algorithm 4.2.1, the
 * row-oriented "Cholesky–Banachiewicz" order): for a symmetric positive-definite
 * A (n×n), finds the lower-triangular L with A + τI = L Lᵀ,
 *   L_jj = √(A_jj + τ − Σ_{k<j} L_jk²),   L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj  (i > j),
 * each sum taken in the order k = 0, 1, …, j − 1 (the column-oriented order
 * computes the same numbers with the same roundings). Only the lower triangle of
 * A is read. Solving (L Lᵀ) x = b is then two triangular solves: L z = b
 * (forward), Lᵀ x = z (backward).
 */

/**
 * Cholesky factor of A + shift·I for a symmetric A, written into `out` (lower
 * triangle; the strict upper triangle is zeroed). Returns false, leaving `out`
 * partly written, when A + shift·I is not numerically positive definite.
 */
export function cholesky(a: Float64Array, n: number, out: Float64Array, shift = 0): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = i === j ? a[ri + i]! + shift : a[ri + j]!;
      for (let k = 0; k < j; k++) s -= out[ri + k]! * out[rj + k]!;
      if (i === j) {
        if (!(s > 0)) return false;
        out[ri + i] = Math.sqrt(s);
      } else {
        out[ri + j] = s / out[rj + j]!;
      }
    }
    for (let j = i + 1; j < n; j++) out[ri + j] = 0;
  }
  return true;
}

/**
 * Cholesky with jitter: tries A + τI for τ = 0, then `jitter`, 10·jitter, … up to
 * `maxTries` times (the usual remedy when a kernel matrix is only
 * semi-definite in floating point). Returns the τ used, or -1 on failure.
 */
export function choleskyJitter(
  a: Float64Array,
  n: number,
  out: Float64Array,
  jitter = 1e-10,
  maxTries = 6,
): number {
  if (cholesky(a, n, out)) return 0;
  let tau = jitter;
  for (let t = 0; t < maxTries; t++, tau *= 10) {
    if (cholesky(a, n, out, tau)) return tau;
  }
  return -1;
}

/** Solves L x = b for lower-triangular L (forward substitution); x may alias b. */
export function solveLower(l: Float64Array, n: number, b: Float64Array, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * x[k]!;
    x[i] = s / l[ri + i]!;
  }
}

/** Solves Lᵀ x = b for lower-triangular L (backward substitution); x may alias b. */
export function solveUpperT(l: Float64Array, n: number, b: Float64Array, x: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
}

/** Solves (L Lᵀ) x = b given the Cholesky factor L; x defaults to b (solved in place). */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, x = b): void {
  solveLower(l, n, b, x);
  solveUpperT(l, n, x, x);
}

/** (L Lᵀ)⁻¹ written into `out` (n×n), column by column from the identity. */
export function choleskyInverse(l: Float64Array, n: number, out: Float64Array): void {
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolve(l, n, col);
    for (let i = 0; i < n; i++) out[i * n + j] = col[i]!;
  }
}
