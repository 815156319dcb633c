import { describe, expect, it } from 'vitest';
import { matrixFunction, symmetricEigen } from './eigen.js';

describe('symmetricEigen (cyclic Jacobi)', () => {
  it.each([1, 2, 3, 7, 20])('A V = V Λ and VᵀV = I for a random symmetric %i×%i', (n) => {
    let seed = n * 7919;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) A[i * n + j] = A[j * n + i] = rand();
    const { values, vectors: V } = symmetricEigen(A, n);
    for (let k = 1; k < n; k++) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let av = 0;
        let vv = 0;
        for (let k = 0; k < n; k++) {
          av += A[i * n + k]! * V[k * n + j]!;
          vv += V[k * n + i]! * V[k * n + j]!;
        }
        expect(av).toBeCloseTo(V[i * n + j]! * values[j]!, 12);
        expect(vv).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('finds repeated eigenvalues (I ⊗ diag)', () => {
    const A = [2, 0, 0, 0, 2, 0, 0, 0, 5];
    expect(Array.from(symmetricEigen(A, 3).values)).toEqual([2, 2, 5]);
  });

  it('matrixFunction: (A)^{-1/2} squared times A is I', () => {
    const A = [4, 1, 0, 1, 3, 0.5, 0, 0.5, 2];
    const e = symmetricEigen(A, 3);
    const R = new Float64Array(9);
    matrixFunction(e, 3, (l) => l ** -0.5, R);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++)
          for (let m = 0; m < 3; m++) s += R[i * 3 + k]! * R[k * 3 + m]! * A[m * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });
});
