/**
 * The native GEMM against the textbook loop, on every instruction set this
 * CPU has (AVX-512, AVX2+FMA, portable C), 1, 2 and 3 threads, float32 and
 * float64, all four transpose cases, odd sizes and every block boundary.
 *
 * Tolerance: the kernel sums in another order (k-blocks of 256, FMA), so it
 * is held to the standard bound for any summation order,
 * |ĉᵢⱼ − cᵢⱼ| ≤ 2k·u·Σₚ|aᵢₚ bₚⱼ| with u = 2⁻²⁴ (float32) or 2⁻⁵³ (float64),
 * against a float64 reference (cᵢⱼ exact to far better than that).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { Rng } from '../../random/index.js';
import type { TypedArray } from '../../tensor/index.js';
import { addon, itNative, supportedIsas, withSettings } from './testAddon.test-util.js';

function reference(
  a: TypedArray,
  b: TypedArray,
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
): { c: Float64Array; scale: Float64Array } {
  const c = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const x = tA ? a[p * m + i]! : a[i * k + p]!;
        const y = tB ? b[j * k + p]! : b[p * n + j]!;
        s += x * y;
        t += Math.abs(x * y);
      }
      c[i * n + j] = s;
      scale[i * n + j] = t;
    }
  return { c, scale };
}

function operands(m: number, k: number, n: number, f32: boolean, seed: number) {
  const r = new Rng(seed);
  const make = (len: number) => (f32 ? new Float32Array(len) : new Float64Array(len));
  const a = make(m * k);
  const b = make(k * n);
  r.fillNormal(a);
  r.fillNormal(b);
  return { a, b, c: make(m * n) };
}

function check(
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
  f32: boolean,
  seed: number,
) {
  const { a, b, c } = operands(m, k, n, f32, seed);
  c.fill(Number.NaN); // overwritten, never read
  addon!.matmul(a, b, c, m, k, n, tA, tB);
  const want = reference(a, b, m, k, n, tA, tB);
  const u = f32 ? 2 ** -24 : 2 ** -53;
  for (let i = 0; i < m * n; i++) {
    const bound = 2 * k * u * want.scale[i]! + 1e-300;
    if (!(Math.abs(c[i]! - want.c[i]!) <= bound))
      throw new Error(
        `${m}×${k}×${n} tA=${tA} tB=${tB} f32=${f32}: c[${i}] = ${c[i]}, want ${want.c[i]} (bound ${bound})`,
      );
  }
}

const isas = addon ? supportedIsas(addon) : [];

describe('native GEMM', () => {
  // by default products below 2²⁴ multiply-adds run on one thread; here every
  // size is split, so the thread counts below really exercise the split
  const before = process.env.OPTLAB_GEMM_THREAD_WORK;
  beforeAll(() => {
    process.env.OPTLAB_GEMM_THREAD_WORK = '0';
  });
  afterAll(() => {
    if (before === undefined) delete process.env.OPTLAB_GEMM_THREAD_WORK;
    else process.env.OPTLAB_GEMM_THREAD_WORK = before;
  });

  for (const isa of isas) {
    for (const threads of [1, 2, 3]) {
      itNative(
        `${isa}, ${threads} thread(s): random shapes with ragged edges, all transposes, both dtypes`,
        () => {
          withSettings(addon!, { isa, threads }, () => {
            fc.assert(
              fc.property(
                fc.integer({ min: 1, max: 70 }),
                fc.integer({ min: 1, max: 90 }),
                fc.integer({ min: 1, max: 70 }),
                fc.boolean(),
                fc.boolean(),
                fc.boolean(),
                fc.integer(),
                (m, k, n, tA, tB, f32, seed) => check(m, k, n, tA, tB, f32, seed),
              ),
              { numRuns: 60, seed: 7 + threads },
            );
          });
        },
      );
    }

    itNative(`${isa}: crosses the KC, MC and NC block boundaries, on 1 and 2 threads`, () => {
      for (const threads of [1, 2])
        withSettings(addon!, { isa, threads }, () => {
          for (const f32 of [true, false]) {
            check(263, 530, 45, false, false, f32, 1); // 3 depth slices, 2 row blocks (MC = 240)
            check(75, 300, 61, true, true, f32, 2);
            check(13, 9, 4130, false, true, f32, 3); // two column blocks (NC = 4096 / 2048)
            check(130, 257, 140, true, false, f32, 4);
          }
        });
    });
  }

  itNative('gives the same bits twice, and for every thread count (no split of the k-sum)', () => {
    for (const f32 of [true, false]) {
      const m = 150;
      const k = 300;
      const n = 170;
      const { a, b } = operands(m, k, n, f32, 9);
      const run = (threads: number) =>
        withSettings(addon!, { threads }, () => {
          const c = f32 ? new Float32Array(m * n) : new Float64Array(m * n);
          addon!.matmul(a, b, c, m, k, n, false, true);
          return c;
        });
      const one = run(1);
      expect(run(1)).toEqual(one);
      expect(run(2)).toEqual(one);
      expect(run(3)).toEqual(one);
    }
  });

  itNative('matrix–vector and tiny shapes (the direct loop) agree with the reference', () => {
    for (const [m, k, n] of [
      [1, 300, 90],
      [90, 300, 1],
      [1, 1, 1],
      [3, 4, 5],
    ] as const)
      for (const tA of [false, true])
        for (const tB of [false, true])
          for (const f32 of [false, true]) check(m, k, n, tA, tB, f32, 5);
  });

  itNative('k = 0 gives zeros; m = 0 or n = 0 touch nothing', () => {
    const c = new Float64Array(6).fill(7);
    addon!.matmul(new Float64Array(0), new Float64Array(0), c, 2, 0, 3, false, false);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    const d = new Float32Array(0);
    addon!.matmul(new Float32Array(0), new Float32Array(4), d, 0, 2, 2, false, false);
    expect(d.length).toBe(0);
  });

  itNative('refuses mixed types and operands shorter than their shape, naming the problem', () => {
    expect(() =>
      addon!.matmul(
        new Float32Array(4),
        new Float64Array(4),
        new Float32Array(4),
        2,
        2,
        2,
        false,
        false,
      ),
    ).toThrow(/must all be Float32Array or all Float64Array/);
    expect(() =>
      addon!.matmul(
        new Float64Array(3),
        new Float64Array(4),
        new Float64Array(4),
        2,
        2,
        2,
        false,
        false,
      ),
    ).toThrow(/shorter than its shape/);
  });
});
