/**
 * Dense linear algebra for Newton's method (n small): forming H from n
 * Hessian-vector products and Gaussian elimination with partial pivoting
 * (Cholesky of H + τI is `linalg/cholesky.ts`). Row-major n×n Float64Arrays.
 */
import { type Objective, requireHvp } from '../objectives/types.js';

/** H[:, j] = H(x)·e_j for j < n (n products), then H ← (H + Hᵀ)/2. `e`, `col` are scratch of length n. */
export function formHessian(
  objective: Objective,
  x: Float64Array,
  H: Float64Array,
  e: Float64Array,
  col: Float64Array,
): void {
  requireHvp(objective, 'formHessian');
  const n = x.length;
  e.fill(0);
  for (let j = 0; j < n; j++) {
    e[j] = 1;
    objective.hvp(x, e, col);
    e[j] = 0;
    for (let i = 0; i < n; i++) H[i * n + j] = col[i]!;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = 0.5 * (H[i * n + j]! + H[j * n + i]!);
      H[i * n + j] = a;
      H[j * n + i] = a;
    }
  }
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting, overwriting the
 * copy `W` of A and `b` (which receives x). Returns false when A is singular
 * (a pivot ≤ 1e-14 · max |A_ij|).
 */
export function luSolve(A: Float64Array, W: Float64Array, b: Float64Array, n: number): boolean {
  W.set(A);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(W[i]!));
  const tiny = 1e-14 * scale;
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++)
      if (Math.abs(W[i * n + k]!) > Math.abs(W[piv * n + k]!)) piv = i;
    if (!(Math.abs(W[piv * n + k]!) > tiny)) return false;
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = W[k * n + j]!;
        W[k * n + j] = W[piv * n + j]!;
        W[piv * n + j] = t;
      }
      const t = b[k]!;
      b[k] = b[piv]!;
      b[piv] = t;
    }
    const pk = W[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const m = W[i * n + k]! / pk;
      if (m === 0) continue;
      for (let j = k; j < n; j++) W[i * n + j] = W[i * n + j]! - m * W[k * n + j]!;
      b[i] = b[i]! - m * b[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= W[i * n + j]! * b[j]!;
    b[i] = s / W[i * n + i]!;
  }
  return true;
}
