import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { cholesky, choleskyJitter, cholInverse, cholSolve } from './linalg.js';

/** Naive Gaussian elimination with partial pivoting (the textbook algorithm), for comparison. */
function naiveSolve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

function randomSpd(n: number, rng: Rng): Float64Array {
  // A = BBᵀ + n·I is symmetric positive definite.
  const b = new Float64Array(n * n);
  rng.fillNormal(b);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += b[i * n + k]! * b[j * n + k]!;
      a[i * n + j] = s;
    }
  return a;
}

describe('Cholesky', () => {
  it('factors SPD matrices: L Lᵀ = A, L lower triangular', () => {
    const rng = new Rng(1);
    for (const n of [1, 2, 5, 12]) {
      const a = randomSpd(n, rng);
      const l = new Float64Array(n * n);
      expect(cholesky(a, n, l)).toBe(true);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          if (j > i) expect(l[i * n + j]).toBe(0);
          let s = 0;
          for (let k = 0; k < n; k++) s += l[i * n + k]! * l[j * n + k]!;
          expect(s).toBeCloseTo(a[i * n + j]!, 9);
        }
    }
  });

  it('solves A x = b like naive Gaussian elimination', () => {
    const rng = new Rng(2);
    for (const n of [3, 8, 20]) {
      const a = randomSpd(n, rng);
      const b = new Float64Array(n);
      rng.fillNormal(b);
      const l = new Float64Array(n * n);
      cholesky(a, n, l);
      const x = new Float64Array(n);
      cholSolve(l, n, b, x);
      const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)));
      const ref = naiveSolve(rows, Array.from(b));
      for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(ref[i]!, 10);
    }
  });

  it('hand example: [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]', () => {
    // L11 = √4 = 2; L21 = 2/2 = 1; L22 = √(3 − 1²) = √2.
    const l = new Float64Array(4);
    cholesky(new Float64Array([4, 2, 2, 3]), 2, l);
    expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
  });

  it('inverse times A is the identity', () => {
    const n = 6;
    const a = randomSpd(n, new Rng(3));
    const l = new Float64Array(n * n);
    cholesky(a, n, l);
    const inv = new Float64Array(n * n);
    cholInverse(l, n, inv);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += inv[i * n + k]! * a[k * n + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
      }
  });

  it('rejects indefinite matrices; jitter rescues a singular PSD one', () => {
    const l = new Float64Array(4);
    expect(cholesky(new Float64Array([1, 2, 2, 1]), 2, l)).toBe(false); // eigenvalues 3, −1
    // [[1, 1], [1, 1]] is PSD but singular: plain Cholesky fails, jitter adds τI.
    expect(cholesky(new Float64Array([1, 1, 1, 1]), 2, l)).toBe(false);
    expect(choleskyJitter(new Float64Array([1, 1, 1, 1]), 2, l)).toBeGreaterThan(0);
    expect(choleskyJitter(new Float64Array([1, 2, 2, 1]), 2, l)).toBe(-1);
  });
});
