import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { matmul, matmulNaive } from './matmul.js';

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j]!;
  return t;
}

describe('blocked GEMM', () => {
  it('equals the naive triple loop for every transpose case and odd sizes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 160 }),
        fc.integer({ min: 1, max: 160 }),
        fc.integer({ min: 1, max: 160 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (m, k, n, tA, tB, seed) => {
          const r = new Rng(seed);
          const a = new Float64Array(m * k);
          const b = new Float64Array(k * n);
          r.fillNormal(a);
          r.fillNormal(b);
          const want = new Float64Array(m * n);
          matmulNaive(a, b, want, m, k, n);
          const got = new Float64Array(m * n).fill(Number.NaN);
          matmul(tA ? transpose(a, m, k) : a, tB ? transpose(b, k, n) : b, got, m, k, n, tA, tB);
          for (let i = 0; i < want.length; i++)
            expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-10 * (1 + Math.abs(want[i]!)) * k);
        },
      ),
      { numRuns: 30, seed: 7 },
    );
  });

  it('crosses the column-panel (256) and depth-slice (128) block edges', () => {
    const r = new Rng(9);
    const [m, k, n] = [7, 131, 301];
    const a = new Float64Array(m * k);
    const b = new Float64Array(k * n);
    r.fillNormal(a);
    r.fillNormal(b);
    const want = new Float64Array(m * n);
    matmulNaive(a, b, want, m, k, n);
    const got = new Float64Array(m * n);
    matmul(a, b, got, m, k, n, false, false);
    // the blocked loop adds the same products in the same order as the naive one
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it('float32 operands give float32-accurate products', () => {
    const r = new Rng(2);
    const [m, k, n] = [33, 70, 129];
    const a = new Float32Array(m * k);
    const b = new Float32Array(k * n);
    r.fillNormal(a);
    r.fillNormal(b);
    const c = new Float32Array(m * n);
    matmul(a, b, c, m, k, n, false, false);
    const want = new Float64Array(m * n);
    matmulNaive(Float64Array.from(a), Float64Array.from(b), want, m, k, n);
    for (let i = 0; i < c.length; i++)
      expect(Math.abs(c[i]! - want[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(want[i]!)));
  });
});
