/**
 * Eigen-decomposition of a dense symmetric matrix by the cyclic Jacobi method
 * (Jacobi 1846; Golub & Van Loan, *Matrix Computations*, §8.5; the rotation
 * formulas of Rutishauser 1966, which keep it accurate): sweeps of plane
 * rotations that zero each off-diagonal entry in turn until the off-diagonal
 * mass is below ε·‖A‖_F. Quadratically convergent; O(n³) per sweep, a handful
 * of sweeps. Used for small preconditioner matrices (Shampoo, SOAP).
 */

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Row-major n×n: column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

const MAX_SWEEPS = 100;

/** Eigenvalues and eigenvectors of the symmetric n×n matrix `a` (row-major; not modified). */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  const A = Float64Array.from(a as ArrayLike<number>);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  let frob = 0;
  for (let i = 0; i < n * n; i++) frob += A[i]! * A[i]!;
  const tol = Number.EPSILON * Math.sqrt(frob);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q]! ** 2;
    if (Math.sqrt(2 * off) <= tol) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (apq === 0) continue;
        const app = A[p * n + p]!;
        const aqq = A[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]!;
          const vkq = V[k * n + q]!;
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => A[i * n + i]! - A[j * n + j]!,
  );
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = A[src * n + src]!;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = V[k * n + src]!;
  });
  return { values, vectors };
}

/**
 * f(A) = V f(Λ) Vᵀ for a symmetric A given by its eigen-decomposition, written
 * into `out` (n×n). Used for inverse roots (A + εI)^{−1/p}.
 */
export function matrixFunction(
  e: SymmetricEigen,
  n: number,
  f: (l: number) => number,
  out: Float64Array,
): void {
  const fl = e.values.map(f);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += e.vectors[i * n + k]! * fl[k]! * e.vectors[j * n + k]!;
      out[i * n + j] = s;
    }
  }
}
