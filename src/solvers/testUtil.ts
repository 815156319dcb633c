/** Helpers shared by the solver tests (not exported from the package index). */
import fc from 'fast-check';

/** Numbers in [−1, 1] on a grid of 1e-3 (no denormals or huge dynamic range). */
const unit = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 1000);

/** A random symmetric positive definite k×k matrix A = BᵀB + ½I (row-major) and a vector b. */
export const arbSpdProblem = (kMin: number, kMax: number) =>
  fc.integer({ min: kMin, max: kMax }).chain((k) =>
    fc.record({
      k: fc.constant(k),
      B: fc.array(unit, { minLength: k * k, maxLength: k * k }),
      b: fc.array(unit, { minLength: k, maxLength: k }),
    }),
  );

export function spd(B: number[], k: number): number[] {
  const A = new Array<number>(k * k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = i === j ? 0.5 : 0;
      for (let r = 0; r < k; r++) s += B[r * k + i]! * B[r * k + j]!;
      A[i * k + j] = s;
    }
  }
  return A;
}

/** Solves A x = b by Gaussian elimination (naive, for checking). */
export function solve(A: number[], b: number[]): number[] {
  const n = b.length;
  const M = A.map((v) => v);
  const x = b.slice();
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i * n + k]!) > Math.abs(M[p * n + k]!)) p = i;
    for (let j = 0; j < n; j++) [M[k * n + j], M[p * n + j]] = [M[p * n + j]!, M[k * n + j]!];
    [x[k], x[p]] = [x[p]!, x[k]!];
    for (let i = k + 1; i < n; i++) {
      const m = M[i * n + k]! / M[k * n + k]!;
      for (let j = k; j < n; j++) M[i * n + j] = M[i * n + j]! - m * M[k * n + j]!;
      x[i] = x[i]! - m * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= M[i * n + j]! * x[j]!;
    x[i] = s / M[i * n + i]!;
  }
  return x;
}

/** The inverse of A, column by column. */
export function inverse(A: number[], n: number): number[] {
  const inv = new Array<number>(n * n).fill(0);
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    const c = solve(A, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = c[i]!;
  }
  return inv;
}
