import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { sample } from './basic.js';
import { householderQ, orthogonal } from './orthogonal.js';

/** max |G − g² I| where G = WᵀW (columns) or WWᵀ (rows) of the [r, c] matrix W. */
function gramError(
  w: ArrayLike<number>,
  r: number,
  c: number,
  g: number,
  of: 'cols' | 'rows',
): number {
  const k = of === 'cols' ? c : r;
  let err = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      if (of === 'cols') for (let i = 0; i < r; i++) s += w[i * c + a]! * w[i * c + b]!;
      else for (let j = 0; j < c; j++) s += w[a * c + j]! * w[b * c + j]!;
      err = Math.max(err, Math.abs(s - (a === b ? g * g : 0)));
    }
  }
  return err;
}

describe('orthogonal (Saxe et al. 2014)', () => {
  it.each([
    [8, 8, 1],
    [64, 64, 1],
    [20, 5, 1],
    [7, 1, 2],
    [30, 30, Math.SQRT2],
  ])('[%i, %i] gain %d: WᵀW = gain² I within 1e-10', (r, c, g) => {
    const w = sample(orthogonal(g), r, c, new Rng(r * 100 + c));
    expect(gramError(w, r, c, g, 'cols')).toBeLessThan(1e-10);
  });

  it.each([
    [5, 20, 1],
    [1, 7, 3],
    [10, 11, 0.5],
  ])('[%i, %i] gain %d (wide): WWᵀ = gain² I within 1e-10', (r, c, g) => {
    const w = sample(orthogonal(g), r, c, new Rng(r * 100 + c));
    expect(gramError(w, r, c, g, 'rows')).toBeLessThan(1e-10);
  });

  it('float32 storage is orthogonal to float32 precision', () => {
    const w = sample(orthogonal(), 32, 32, new Rng(3), 'float32');
    expect(gramError(w, 32, 32, 1, 'cols')).toBeLessThan(1e-5);
  });

  it('is Haar-distributed: E tr Q = 0, E (tr Q)² = 1, E Q_00 = 0 (16×16, 400 draws)', () => {
    // For Haar Q ∈ O(n), n ≥ 2: E tr Q = 0 and E (tr Q)² = 1 (Diaconis & Shahshahani
    // 1994); tr Q is close to N(0, 1), so SE(mean tr) = 1/√T and SE(mean tr²) ≈ √(2/T).
    // Q_00 is the first coordinate of a uniform unit vector: mean 0, variance 1/n.
    // Without the sign correction Householder QR gives Q_00 = −|a_00|/‖a_0‖ < 0.
    const n = 16;
    const T = 400;
    const rng = new Rng(2024);
    const init = orthogonal();
    const w = new Float64Array(n * n);
    let tr1 = 0;
    let tr2 = 0;
    let q00 = 0;
    for (let t = 0; t < T; t++) {
      init(w, n, n, rng);
      let tr = 0;
      for (let i = 0; i < n; i++) tr += w[i * n + i]!;
      tr1 += tr;
      tr2 += tr * tr;
      q00 += w[0]!;
    }
    expect(Math.abs(tr1 / T)).toBeLessThan(5 / Math.sqrt(T));
    expect(Math.abs(tr2 / T - 1)).toBeLessThan(5 * Math.sqrt(2 / T));
    expect(Math.abs(q00 / T)).toBeLessThan((5 * Math.sqrt(1 / n)) / Math.sqrt(T));
  });

  it('same seed gives the same bits; another seed differs', () => {
    const a = sample(orthogonal(), 6, 4, new Rng(8));
    expect(sample(orthogonal(), 6, 4, new Rng(8))).toEqual(a);
    expect(sample(orthogonal(), 6, 4, new Rng(9))).not.toEqual(a);
  });

  it('rejects gain ≤ 0', () => {
    expect(() => orthogonal(-1)).toThrow(/orthogonal: option gain.*-1/);
  });
});

describe('householderQ', () => {
  it('gives A = Q R with R upper triangular and diag(R) > 0', () => {
    const p = 9;
    const q = 4;
    const a = new Float64Array(p * q);
    new Rng(77).fillNormal(a);
    const a0 = a.slice();
    const Q = householderQ(a, p, q);
    // R = Qᵀ A (q×q); then check A − Q R = 0
    const R = new Float64Array(q * q);
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < q; j++) {
        let s = 0;
        for (let r = 0; r < p; r++) s += Q[r * q + i]! * a0[r * q + j]!;
        R[i * q + j] = s;
      }
    }
    for (let i = 0; i < q; i++) {
      expect(R[i * q + i]).toBeGreaterThan(0);
      for (let j = 0; j < i; j++) expect(Math.abs(R[i * q + j]!)).toBeLessThan(1e-12);
    }
    for (let r = 0; r < p; r++) {
      for (let j = 0; j < q; j++) {
        let s = 0;
        for (let k = 0; k < q; k++) s += Q[r * q + k]! * R[k * q + j]!;
        expect(Math.abs(s - a0[r * q + j]!)).toBeLessThan(1e-12);
      }
    }
  });

  it('handles a zero column (H = I there) and stays orthonormal', () => {
    // A = [[0, 1], [0, 0], [0, 0]]: column 0 is zero.
    const Q = householderQ(Float64Array.from([0, 1, 0, 0, 0, 0]), 3, 2);
    expect(gramError(Q, 3, 2, 1, 'cols')).toBeLessThan(1e-15);
  });
});
