import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { cholesky, choleskyInverse, choleskyJitter, choleskySolve } from './cholesky.js';

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
      choleskySolve(l, n, b, x);
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
    choleskyInverse(l, n, inv);
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

  it('a shift factors A + τI exactly as the shifted copy does', () => {
    const n = 7;
    const rng = new Rng(4);
    const a = randomSpd(n, rng);
    const shifted = new Float64Array(a);
    for (let i = 0; i < n; i++) shifted[i * n + i] = a[i * n + i]! + 0.37;
    const l1 = new Float64Array(n * n);
    const l2 = new Float64Array(n * n);
    expect(cholesky(a, n, l1, 0.37)).toBe(true);
    expect(cholesky(shifted, n, l2)).toBe(true);
    expect(Array.from(l1)).toEqual(Array.from(l2));
    // [[1, 2], [2, 1]] has eigenvalues 3, −1: a shift of 1.5 makes it definite.
    expect(cholesky(new Float64Array([1, 2, 2, 1]), 2, l1, 1.5)).toBe(true);
  });

  it('solves in place when x is left out', () => {
    const n = 5;
    const rng = new Rng(5);
    const a = randomSpd(n, rng);
    const b = new Float64Array(n);
    rng.fillNormal(b);
    const l = new Float64Array(n * n);
    cholesky(a, n, l);
    const x = new Float64Array(n);
    choleskySolve(l, n, b, x);
    choleskySolve(l, n, b);
    expect(Array.from(b)).toEqual(Array.from(x));
  });

  it('the column-oriented (Crout) order of the textbook gives the same bits', () => {
    // Golub & Van Loan's column version, transcribed: column j after columns < j.
    const crout = (A: Float64Array, tau: number, n: number) => {
      const L = new Float64Array(n * n);
      for (let j = 0; j < n; j++) {
        let s = A[j * n + j]! + tau;
        for (let k = 0; k < j; k++) s -= L[j * n + k]! * L[j * n + k]!;
        const ljj = Math.sqrt(s);
        L[j * n + j] = ljj;
        for (let i = j + 1; i < n; i++) {
          let t = A[i * n + j]!;
          for (let k = 0; k < j; k++) t -= L[i * n + k]! * L[j * n + k]!;
          L[i * n + j] = t / ljj;
        }
      }
      return L;
    };
    const n = 9;
    const a = randomSpd(n, new Rng(6));
    const l = new Float64Array(n * n);
    cholesky(a, n, l, 1e-3);
    expect(Array.from(l)).toEqual(Array.from(crout(a, 1e-3, n)));
  });
});
