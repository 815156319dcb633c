/**
 * Register- and cache-blocked GEMM in plain TypeScript: C = op(A)·op(B).
 *
 * The inner kernel updates four rows of C at once (a 4×1 block of A held in
 * registers against one row of B), which turns three loads per multiply-add of
 * the naive loop into about 1.25; B is walked in column panels of NB and depth
 * slices of KB so the panel stays in cache. Transposed operands are copied to
 * row-major scratch first (O(mk) beside O(mkn)).
 */
import type { TypedArray } from '../tensor/index.js';

const NB = 256;
const KB = 128;

function transposeInto(src: TypedArray, rows: number, cols: number, dst: TypedArray): void {
  // src is rows×cols; dst becomes cols×rows
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(rows, i0 + T);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(cols, j0 + T);
      for (let i = i0; i < i1; i++) {
        const so = i * cols;
        for (let j = j0; j < j1; j++) dst[j * rows + i] = src[so + j]!;
      }
    }
  }
}

function scratch(like: TypedArray, n: number): TypedArray {
  return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

export function matmul(
  a: TypedArray,
  b: TypedArray,
  c: TypedArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  let A = a;
  let B = b;
  if (transA) {
    A = scratch(a, m * k);
    transposeInto(a, k, m, A);
  }
  if (transB) {
    B = scratch(b, k * n);
    transposeInto(b, n, k, B);
  }
  if (n === 1) {
    matvec(A, B, c, m, k);
    return;
  }
  c.fill(0);
  gemmNN(A, B, c, m, k, n);
}

function matvec(A: TypedArray, x: TypedArray, y: TypedArray, m: number, k: number): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    const o = i * k;
    for (let p = 0; p < k; p++) s += A[o + p]! * x[p]!;
    y[i] = s;
  }
}

/** C += A·B for row-major A (m×k), B (k×n), C (m×n). */
function gemmNN(
  A: TypedArray,
  B: TypedArray,
  C: TypedArray,
  m: number,
  k: number,
  n: number,
): void {
  const m4 = m - (m % 4);
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(n, j0 + NB);
    for (let p0 = 0; p0 < k; p0 += KB) {
      const p1 = Math.min(k, p0 + KB);
      let i = 0;
      for (; i < m4; i += 4) {
        const r0 = i * n;
        const r1 = r0 + n;
        const r2 = r1 + n;
        const r3 = r2 + n;
        const a0o = i * k;
        const a1o = a0o + k;
        const a2o = a1o + k;
        const a3o = a2o + k;
        for (let p = p0; p < p1; p++) {
          const a0 = A[a0o + p]!;
          const a1 = A[a1o + p]!;
          const a2 = A[a2o + p]!;
          const a3 = A[a3o + p]!;
          const bo = p * n;
          for (let j = j0; j < j1; j++) {
            const bv = B[bo + j]!;
            C[r0 + j] = C[r0 + j]! + a0 * bv;
            C[r1 + j] = C[r1 + j]! + a1 * bv;
            C[r2 + j] = C[r2 + j]! + a2 * bv;
            C[r3 + j] = C[r3 + j]! + a3 * bv;
          }
        }
      }
      for (; i < m; i++) {
        const r0 = i * n;
        const a0o = i * k;
        for (let p = p0; p < p1; p++) {
          const a0 = A[a0o + p]!;
          if (a0 === 0) continue;
          const bo = p * n;
          for (let j = j0; j < j1; j++) C[r0 + j] = C[r0 + j]! + a0 * B[bo + j]!;
        }
      }
    }
  }
}

/** The textbook triple loop, kept as the reference the blocked kernel is tested against. */
export function matmulNaive(
  a: TypedArray,
  b: TypedArray,
  c: TypedArray,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = s;
    }
  }
}
