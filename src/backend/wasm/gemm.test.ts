import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../random/index.js';
import type { TypedArray } from '../../tensor/index.js';
import { WasmGemm } from './gemm.js';
import { createWasmRuntime } from './runtime.js';

/**
 * The textbook triple loop on op(A), op(B) as stored, summing p = 0, 1, … left
 * to right; with `f32` every product and sum is rounded to float32 (what a
 * float32 multiply and add do).
 */
function naive(
  a: TypedArray,
  b: TypedArray,
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
  f32: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = tA ? a[p * m + i]! : a[i * k + p]!;
        const y = tB ? b[j * k + p]! : b[p * n + j]!;
        s = f32 ? Math.fround(s + Math.fround(x * y)) : s + x * y;
      }
      c[i * n + j] = s;
    }
  }
  return c;
}

const gemm = new WasmGemm(createWasmRuntime());

function check(
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
  f32: boolean,
  seed: number,
): void {
  const r = new Rng(seed);
  const a = f32 ? new Float32Array(m * k) : new Float64Array(m * k);
  const b = f32 ? new Float32Array(k * n) : new Float64Array(k * n);
  r.fillNormal(a);
  r.fillNormal(b);
  const c = f32 ? new Float32Array(m * n) : new Float64Array(m * n);
  c.fill(Number.NaN); // C is overwritten, never read
  gemm.matmul(a, b, c, m, k, n, tA, tB);
  const want = naive(a, b, m, k, n, tA, tB, f32);
  // exact: same operations in the same order (no FMA contraction in WebAssembly)
  expect(Array.from(c)).toEqual(Array.from(want));
}

describe('WebAssembly SIMD GEMM', () => {
  it('equals the naive loop bit for bit: random sizes with odd edges, all transposes, both dtypes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (m, k, n, tA, tB, f32, seed) => check(m, k, n, tA, tB, f32, seed),
      ),
      { numRuns: 120, seed: 11 },
    );
  });

  it('crosses every cache-block boundary (KC = 256, MC, NC = 2048) exactly', () => {
    for (const f32 of [true, false]) {
      check(131, 517, 37, false, false, f32, 1); // several depth slices and row blocks, ragged
      check(70, 300, 29, true, true, f32, 2);
      check(7, 5, 2100, false, true, f32, 3); // two column panels
    }
  });

  it('reuses its scratch across calls of changing sizes and dtypes', () => {
    check(90, 90, 90, false, false, false, 4);
    check(3, 4, 5, true, false, true, 5);
    check(90, 90, 90, false, true, true, 6);
  });

  it('handles empty shapes: k = 0 gives zeros, m = 0 or n = 0 touch nothing', () => {
    const c = new Float64Array(6).fill(7);
    gemm.matmul(new Float64Array(0), new Float64Array(0), c, 2, 0, 3, false, false);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    const d = new Float32Array(0);
    gemm.matmul(new Float32Array(0), new Float32Array(4), d, 0, 2, 2, false, false);
    expect(d.length).toBe(0);
  });
});
