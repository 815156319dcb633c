/** Helpers for the diagnostics tests only (not exported from index.ts). */
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
 * — a naive, independent transcription (Golub & Van Loan, Algorithm 8.5.3) used
 * as the reference for the tridiagonal QL and for Lanczos.
 */
export function jacobiEigenvalues(a0: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(a0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off += a[i * n + j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const ev = new Float64Array(n);
  for (let i = 0; i < n; i++) ev[i] = a[i * n + i]!;
  return ev.sort();
}
