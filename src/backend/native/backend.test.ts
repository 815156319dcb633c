/**
 * The native backend's element-wise ops, reductions and fused kernels against
 * the TypeScript kernels, and an MLP gradient through autodiff on it.
 *
 * How close (per dtype, both float32 and float64): bit for bit for neg, sqrt,
 * abs, sign, relu, step, square, reciprocal, every binary kind but pow, and
 * both reductions (same operations in the same order; float32 sums in double
 * where the TS kernel does); within 2 ulps of the storage type for exp, log,
 * tanh, sigmoid, softplus and pow (glibc and V8 round differently in the last
 * bit of a double, which can move a float32 result by one ulp after rounding).
 */
import { describe, expect } from 'vitest';
import * as ad from '../../autodiff/index.js';
import { Rng } from '../../random/index.js';
import { randn, type Tensor, type TypedArray } from '../../tensor/index.js';
import { biasActivation, softmaxCrossEntropy } from '../fused.js';
import { backend, setBackend } from '../index.js';
import { jsBackend } from '../js.js';
import { createNativeBackend } from './backend.js';
import { ACTIVATIONS, BINARY_KINDS, UNARY_KINDS } from './kinds.js';
import { addon, itNative } from './testAddon.test-util.js';

const native = addon ? createNativeBackend(addon) : null;
const INEXACT = new Set(['exp', 'log', 'tanh', 'sigmoid', 'softplus', 'pow']);

/** Random values with the awkward ones mixed in: ±0, ±∞, NaN, ±1, tiny and huge. */
function values(n: number, f32: boolean, seed: number): Float32Array | Float64Array {
  const r = new Rng(seed);
  const x = f32 ? new Float32Array(n) : new Float64Array(n);
  r.fillNormal(x);
  const special = [0, -0, Infinity, -Infinity, Number.NaN, 1, -1, 1e-30, 1e30, 2, 0.5, -3];
  for (let i = 0; i < n; i += 7) x[i] = special[(i / 7) % special.length]!;
  return x;
}

/** Equal, or both NaN, or within `ulps` units in the last place of the storage type. */
function close(a: number, b: number, ulps: number, f32: boolean): boolean {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (ulps === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  const u = f32 ? 2 ** -23 : 2 ** -52;
  return Math.abs(a - b) <= ulps * u * Math.max(Math.abs(a), Math.abs(b), f32 ? 1e-38 : 1e-300);
}

function expectClose(got: TypedArray, want: TypedArray, ulps: number, f32: boolean, what: string) {
  for (let i = 0; i < want.length; i++)
    if (!close(got[i]!, want[i]!, ulps, f32))
      throw new Error(`${what}: [${i}] native ${got[i]} vs TypeScript ${want[i]}`);
}

const dtypes = [true, false] as const;

describe('native backend: element-wise, reductions, fused kernels', () => {
  itNative('unary: every kind, both dtypes, against the TypeScript kernel', () => {
    for (const f32 of dtypes)
      for (const kind of UNARY_KINDS) {
        const x = values(301, f32, 1);
        const got = f32 ? new Float32Array(301) : new Float64Array(301);
        const want = f32 ? new Float32Array(301) : new Float64Array(301);
        native!.unary(kind, x, got);
        jsBackend.unary(kind, x, want);
        expectClose(got, want, INEXACT.has(kind) ? 2 : 0, f32, `${kind} f32=${f32}`);
      }
  });

  itNative('binary: every kind, same shape, scalar and broadcast operands, both dtypes', () => {
    const cases: { as: number[]; bs: number[]; shape: number[]; na: number; nb: number }[] = [
      { as: [1], bs: [1], shape: [257], na: 257, nb: 257 }, // same shape
      { as: [1], bs: [0], shape: [257], na: 257, nb: 1 }, // scalar b
      { as: [0], bs: [1], shape: [257], na: 1, nb: 257 }, // scalar a
      { as: [13, 1], bs: [0, 1], shape: [20, 13], na: 260, nb: 13 }, // bias row
      { as: [1, 0], bs: [0, 1], shape: [20, 13], na: 20, nb: 13 }, // outer
      { as: [0, 5, 1], bs: [15, 0, 1], shape: [3, 3, 5], na: 15, nb: 45 }, // rank 3
      { as: [1, 20], bs: [13, 1], shape: [20, 13], na: 260, nb: 260 }, // transposed view
    ];
    for (const f32 of dtypes)
      for (const kind of BINARY_KINDS)
        for (const c of cases) {
          const a = values(c.na, f32, 2);
          const b = values(c.nb, f32, 3).reverse();
          const n = c.shape.reduce((s, d) => s * d, 1);
          const got = f32 ? new Float32Array(n) : new Float64Array(n);
          const want = f32 ? new Float32Array(n) : new Float64Array(n);
          native!.binary(kind, a, c.as, b, c.bs, got, c.shape);
          jsBackend.binary(kind, a, c.as, b, c.bs, want, c.shape);
          expectClose(got, want, INEXACT.has(kind) ? 2 : 0, f32, `${kind} [${c.shape}] f32=${f32}`);
        }
  });

  itNative('reduce: sum and max over the middle axis, bit for bit, both dtypes', () => {
    for (const f32 of dtypes)
      for (const [outer, mid, inner] of [
        [1, 500, 1],
        [7, 33, 1],
        [5, 9, 11],
        [1, 40, 64],
        [3, 0, 4],
      ] as const)
        for (const kind of ['sum', 'max'] as const) {
          const x = values(outer * mid * inner, f32, 4);
          if (kind === 'sum')
            for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) x[i] = 1;
          const got = f32 ? new Float32Array(outer * inner) : new Float64Array(outer * inner);
          const want = f32 ? new Float32Array(outer * inner) : new Float64Array(outer * inner);
          native!.reduce(kind, x, outer, mid, inner, got);
          jsBackend.reduce(kind, x, outer, mid, inner, want);
          expectClose(got, want, 0, f32, `${kind} ${outer}×${mid}×${inner} f32=${f32}`);
        }
  });

  itNative(
    'biasActivation equals the reference (and add-then-activation) for every activation',
    () => {
      for (const f32 of dtypes)
        for (const act of ACTIVATIONS) {
          const rows = 37;
          const cols = 29;
          const x = values(rows * cols, f32, 5);
          const bias = values(cols, f32, 6);
          const got = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
          const want = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
          native!.biasActivation!(act, x, bias, rows, cols, got);
          biasActivation(act, x, bias, rows, cols, want);
          expectClose(
            got,
            want,
            act === 'sigmoid' || act === 'tanh' ? 2 : 0,
            f32,
            `${act} f32=${f32}`,
          );
          // the unfused pair through the TypeScript backend
          const sum = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
          jsBackend.binary('add', x, [cols, 1], bias, [0, 1], sum, [rows, cols]);
          if (act !== 'identity') jsBackend.unary(act, sum, sum);
          expectClose(got, sum, act === 'sigmoid' || act === 'tanh' ? 2 : 0, f32, `unfused ${act}`);
        }
    },
  );

  itNative('softmaxCrossEntropy: loss and gradient equal the reference and autodiff', () => {
    for (const f32 of dtypes) {
      const rows = 64;
      const cols = 10;
      const r = new Rng(8);
      const z = randn([rows, cols], r, { dtype: f32 ? 'float32' : 'float64', std: 3 });
      const labels = Int32Array.from({ length: rows }, (_, i) => (i * 7) % cols);
      const g1 = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
      const g2 = f32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
      const l1 = native!.softmaxCrossEntropy!(z.data, labels, rows, cols, g1);
      const l2 = softmaxCrossEntropy(z.data, labels, rows, cols, g2);
      expect(Math.abs(l1 - l2)).toBeLessThanOrEqual(4 * 2 ** -52 * Math.abs(l2));
      expectClose(g1, g2, 2, f32, `grad f32=${f32}`);
      expect(native!.softmaxCrossEntropy!(z.data, labels, rows, cols, null)).toBe(l1);
      // autodiff's composed cross-entropy (float32: rounded between ops)
      const prev = setBackend(jsBackend);
      try {
        const [v, g] = ad.valueAndGrad((t: Tensor) => ad.crossEntropy(t, labels))(z);
        const tol = f32 ? 1e-5 : 1e-13;
        expect(Math.abs(v.item() - l1)).toBeLessThan(tol * Math.abs(l1));
        const ga = g.toFlatArray();
        for (let i = 0; i < ga.length; i++) expect(Math.abs(ga[i]! - g1[i]!)).toBeLessThan(tol);
      } finally {
        setBackend(prev);
      }
    }
  });

  itNative('refuses labels outside [0, cols) with a clear message', () => {
    expect(() =>
      native!.softmaxCrossEntropy!(new Float64Array(4), Int32Array.from([0, 2]), 2, 2, null),
    ).toThrow(/label is outside/);
  });

  itNative(
    'an MLP layer gives the TypeScript gradients through autodiff (float32 and float64)',
    () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const r = new Rng(9);
        const X = randn([64, 30], r, { dtype });
        const W0 = randn([30, 20], r, { dtype });
        const b0 = randn([20], r, { dtype });
        const loss = (W: Tensor) =>
          ad.sum(ad.square(ad.sigmoid(ad.add(ad.relu(ad.matmul(X, W)), b0))));
        const prev = setBackend(jsBackend);
        let v1: number;
        let g1: ArrayLike<number>;
        try {
          const [v, g] = ad.valueAndGrad(loss)(W0);
          v1 = v.item();
          g1 = g.toFlatArray();
        } finally {
          setBackend(prev);
        }
        const prev2 = setBackend(native!);
        try {
          expect(backend().name).toBe('native');
          const [v2, g2] = ad.valueAndGrad(loss)(W0);
          const tol = dtype === 'float32' ? 1e-4 : 1e-12;
          expect(Math.abs(v2.item() - v1)).toBeLessThan(tol * Math.abs(v1));
          const b = g2.toFlatArray();
          for (let i = 0; i < b.length; i++)
            expect(Math.abs(b[i]! - g1[i]!)).toBeLessThan(tol * (1 + Math.abs(g1[i]!)));
        } finally {
          setBackend(prev2);
        }
      }
    },
  );
});
