import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { jacobiEigenvalues } from './testUtil.js';
import { tridiagonalEigen } from './tridiagonal.js';

function dense(alpha: ArrayLike<number>, beta: ArrayLike<number>): Float64Array {
  const m = alpha.length;
  const t = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    t[i * m + i] = alpha[i]!;
    if (i + 1 < m) {
      t[i * m + i + 1] = beta[i]!;
      t[(i + 1) * m + i] = beta[i]!;
    }
  }
  return t;
}

describe('tridiagonalEigen (implicit QL)', () => {
  it('tridiag(1, 2, 1) has the closed-form eigenvalues 2 + 2cos(kπ/(m+1))', () => {
    for (const m of [1, 2, 5, 40]) {
      const { values } = tridiagonalEigen(
        new Float64Array(m).fill(2),
        new Float64Array(m - 1).fill(1),
      );
      const want = Array.from(
        { length: m },
        (_, k) => 2 + 2 * Math.cos(((k + 1) * Math.PI) / (m + 1)),
      ).sort((a, b) => a - b);
      for (let i = 0; i < m; i++) expect(Math.abs(values[i]! - want[i]!)).toBeLessThan(1e-14);
    }
  });

  it('matches the Jacobi method on random tridiagonal matrices, and T·z = λz for every eigenpair', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 20; trial++) {
      const m = 1 + rng.int(30);
      const alpha = Float64Array.from({ length: m }, () => rng.normal() * 10);
      const beta = Float64Array.from({ length: m - 1 }, () =>
        rng.uniform() < 0.1 ? 0 : rng.normal(),
      );
      const t = dense(alpha, beta);
      const r = tridiagonalEigen(alpha, beta, 'all');
      const ref = jacobiEigenvalues(t, m);
      for (let i = 0; i < m; i++) expect(Math.abs(r.values[i]! - ref[i]!)).toBeLessThan(1e-12 * 40);
      for (let i = 1; i < m; i++) expect(r.values[i]!).toBeGreaterThanOrEqual(r.values[i - 1]!);
      for (let i = 0; i < m; i++) {
        let nz = 0;
        for (let row = 0; row < m; row++) {
          let tz = 0;
          for (let c = 0; c < m; c++) tz += t[row * m + c]! * r.vectors[c * m + i]!;
          expect(Math.abs(tz - r.values[i]! * r.vectors[row * m + i]!)).toBeLessThan(1e-11);
          nz += r.vectors[row * m + i]! ** 2;
        }
        expect(Math.abs(nz - 1)).toBeLessThan(1e-12);
      }
    }
  });

  it('tracking only some rows gives the same rows as the full eigenvector matrix', () => {
    const rng = new Rng(5);
    const m = 12;
    const alpha = Float64Array.from({ length: m }, () => rng.normal());
    const beta = Float64Array.from({ length: m - 1 }, () => rng.normal());
    const full = tridiagonalEigen(alpha, beta, 'all');
    const part = tridiagonalEigen(alpha, beta, [0, m - 1]);
    expect(Array.from(part.values)).toEqual(Array.from(full.values));
    for (let i = 0; i < m; i++) {
      expect(part.vectors[i]).toBe(full.vectors[i]);
      expect(part.vectors[m + i]).toBe(full.vectors[(m - 1) * m + i]);
    }
  });

  it('handles repeated eigenvalues and a diagonal matrix', () => {
    const r = tridiagonalEigen([3, 1, 3, 2], [0, 0, 0], 'all');
    expect(Array.from(r.values)).toEqual([1, 2, 3, 3]);
  });

  it('rejects bad input naming it', () => {
    expect(() => tridiagonalEigen([], [])).toThrow(/at least one/);
    expect(() => tridiagonalEigen([1, 2], [])).toThrow(/beta must have 1/);
    expect(() => tridiagonalEigen([1, Number.NaN], [1])).toThrow(/not finite/);
    expect(() => tridiagonalEigen([1, 2], [1], [2])).toThrow(/row 2/);
  });
});
