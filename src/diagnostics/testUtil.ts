/** Helpers for the diagnostics tests only (not exported from index.ts). */
import { symmetricEigen } from '../linalg/eigen.js';
import type { Objective } from '../objectives/types.js';
import type { Rng } from '../random/index.js';

/** An Objective with f = ½ Σ dᵢxᵢ² whose hvp is diag(d)·v: its Hessian spectrum is d. */
export function diagObjective(d: ArrayLike<number>): Objective {
  const dd = Float64Array.from(d);
  const n = dd.length;
  return {
    dim: n,
    value(x) {
      let f = 0;
      for (let i = 0; i < n; i++) f += 0.5 * dd[i]! * x[i]! * x[i]!;
      return f;
    },
    valueAndGrad(x, g) {
      let f = 0;
      for (let i = 0; i < n; i++) {
        f += 0.5 * dd[i]! * x[i]! * x[i]!;
        g[i] = dd[i]! * x[i]!;
      }
      return f;
    },
    hvp(_x, v, out) {
      for (let i = 0; i < n; i++) out[i] = dd[i]! * v[i]!;
    },
  };
}

/** A random symmetric n×n matrix (row-major) with N(0, 1) entries. */
export function randomSymmetric(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/**
 * Eigenvalues (ascending) of a dense symmetric matrix by the cyclic Jacobi method
 * (linalg's, itself tested against hand values) — a method independent of the
 * tridiagonal QL and Lanczos it is the reference for.
 */
export function jacobiEigenvalues(a0: ArrayLike<number>, n: number): Float64Array {
  return symmetricEigen(a0, n).values;
}
