import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { sample } from './basic.js';
import { sparse } from './sparse.js';
import { expectNormal } from './stats.test-util.js';

function nonZerosPerColumn(w: ArrayLike<number>, r: number, c: number): number[] {
  const counts = new Array<number>(c).fill(0);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) if (w[i * c + j] !== 0) counts[j]!++;
  return counts;
}

describe('sparse (Martens 2010)', () => {
  it('gives every unit exactly k non-zero incoming weights', () => {
    for (const [r, c, k] of [
      [100, 40, 15],
      [16, 9, 1],
      [16, 9, 16],
      [50, 3, 49],
    ] as const) {
      const w = sample(sparse(k), r, c, new Rng(r + c + k));
      expect(nonZerosPerColumn(w, r, c)).toEqual(new Array(c).fill(k));
    }
  });

  it('uses every input when fanIn < k', () => {
    const w = sample(sparse(15), 4, 6, new Rng(1));
    expect(nonZerosPerColumn(w, 4, 6)).toEqual(new Array(6).fill(4));
  });

  it('draws the non-zeros N(0, std²): default std 1 and scaled', () => {
    for (const std of [1, 0.1]) {
      const w = sample(sparse(15, std), 200, 600, new Rng(7)); // 9000 non-zeros
      const nz = w.filter((x) => x !== 0);
      expect(nz.length).toBe(15 * 600);
      expectNormal(nz, 0, std);
    }
  });

  it('chooses the inputs uniformly (chi-square over rows)', () => {
    // Row r is chosen by column j with probability p = k/m, independently across
    // columns, so its count c_r has mean E = n p and variance n p (1 − p).
    // S = Σ_r (c_r − E)² / (n p (1 − p)) has mean m and sd ≈ √(2m).
    const m = 80;
    const n = 2000;
    const k = 10;
    const w = sample(sparse(k), m, n, new Rng(31));
    const p = k / m;
    let S = 0;
    for (let r = 0; r < m; r++) {
      let c = 0;
      for (let j = 0; j < n; j++) if (w[r * n + j] !== 0) c++;
      S += (c - n * p) ** 2 / (n * p * (1 - p));
    }
    expect(Math.abs(S - m)).toBeLessThan(6 * Math.sqrt(2 * m));
  });

  it('same seed gives the same bits; another seed differs', () => {
    const a = sample(sparse(3), 20, 10, new Rng(4));
    expect(sample(sparse(3), 20, 10, new Rng(4))).toEqual(a);
    expect(sample(sparse(3), 20, 10, new Rng(5))).not.toEqual(a);
  });

  it('validates k and std', () => {
    expect(() => sparse(0)).toThrow(/sparse: option k.*got 0/);
    expect(() => sparse(2.5)).toThrow(/option k.*2.5/);
    expect(() => sparse(5, 0)).toThrow(/option std.*got 0/);
  });
});
