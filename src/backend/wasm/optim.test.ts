import { describe, expect, it } from 'vitest';
import { Rng } from '../../random/index.js';
import { jsOptimKernels as ref } from '../optimReference.js';
import { type WasmAdamCoefs, wasmAdamStep, wasmMomentumStep, wasmSgdStep } from './optim.js';
import { createWasmRuntime, type WasmDType } from './runtime.js';

const rt = createWasmRuntime();

function randomVec(n: number, dtype: WasmDType, seed: number, scale = 1) {
  const r = new Rng(seed);
  const x = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  r.fillNormal(x, 0, scale);
  return x;
}

function adamCoefs(t: number, extra: Partial<WasmAdamCoefs> = {}): WasmAdamCoefs {
  const b1 = 0.9;
  const b2 = 0.999;
  return {
    b1,
    b2,
    c1: 1 / (1 - b1 ** t),
    c2: 1 / (1 - b2 ** t),
    eps: 1e-8,
    epsRoot: 0,
    c: -1e-2,
    wd: 0,
    wdd: 0,
    ...extra,
  };
}

const sizes = [1, 3, 4, 5, 17, 1001]; // odd lengths exercise the padded last group
const dtypes: WasmDType[] = ['float32', 'float64'];

describe('fused optimizer kernels in WebAssembly', () => {
  it('Adam, first step from zero state: θ ← θ − lr·g/(|g| + ε) (hand-derived)', () => {
    // t = 1: m = 0.1g, v = 0.001g², c1 = 10, c2 = 1000 ⇒ m·c1 = g, √(v·c2) = |g|
    const p = rt.from(Float64Array.from([1, -2, 0.5]));
    const g = rt.from(Float64Array.from([0.3, -4, 2e-9]));
    const m = rt.alloc(3, 'float64');
    const v = rt.alloc(3, 'float64');
    wasmAdamStep(p, g, m, v, adamCoefs(1));
    const lr = 1e-2;
    const want = [
      1 - lr * (0.3 / (0.3 + 1e-8)),
      -2 + lr * (4 / (4 + 1e-8)),
      0.5 - lr * (2e-9 / (2e-9 + 1e-8)),
    ];
    for (let i = 0; i < 3; i++) expect(p.data[i]).toBeCloseTo(want[i]!, 14);
    // m = 0.9·0 + (1 − 0.9)·g, v = 0.999·0 + (1 − 0.999)·g², in double arithmetic
    expect(Array.from(m.data)).toEqual([0.3, -4, 2e-9].map((x) => (1 - 0.9) * x));
    expect(Array.from(v.data)).toEqual([0.3, -4, 2e-9].map((x) => (1 - 0.999) * (x * x)));
  });

  for (const dtype of dtypes) {
    for (const variant of ['plain', 'weight decay + decoupled + epsRoot'] as const) {
      it(`Adam ${dtype} (${variant}) is bit-identical to the reference loop over several steps`, () => {
        for (const n of sizes) {
          const p0 = randomVec(n, dtype, n);
          const [P, G, M, V] = [
            rt.from(p0),
            rt.alloc(n, dtype),
            rt.alloc(n, dtype),
            rt.alloc(n, dtype),
          ];
          const p = p0.slice();
          const m = p0.slice().fill(0);
          const v = p0.slice().fill(0);
          for (let t = 1; t <= 4; t++) {
            const g = randomVec(n, dtype, 100 * n + t, 0.1);
            G.data.set(g);
            const k = adamCoefs(
              t,
              variant === 'plain' ? {} : { wd: 0.01, wdd: 0.02, epsRoot: 1e-10 },
            );
            wasmAdamStep(P, G, M, V, k);
            ref.adam(p, g, m, v, p.subarray(0, 0), k, null);
          }
          expect(Array.from(P.data)).toEqual(Array.from(p));
          expect(Array.from(M.data)).toEqual(Array.from(m));
          expect(Array.from(V.data)).toEqual(Array.from(v));
          for (const x of [P, G, M, V]) x.free();
        }
      });
    }

    it(`SGD ${dtype} with and without weight decay is bit-identical to the reference loop`, () => {
      for (const n of sizes) {
        for (const wd of [0, 0.05]) {
          const p0 = randomVec(n, dtype, n + 1);
          const g = randomVec(n, dtype, n + 2);
          const P = rt.from(p0);
          const G = rt.from(g);
          wasmSgdStep(P, G, -0.1, wd);
          const p = p0.slice();
          ref.sgd(p, g, { c: -0.1, wd }, null);
          expect(Array.from(P.data)).toEqual(Array.from(p));
        }
      }
    });

    for (const [wd, nesterov] of [
      [0, false],
      [0.05, false],
      [0, true],
      [0.05, true],
    ] as const) {
      it(`momentum ${dtype} (wd ${wd}, nesterov ${nesterov}) is bit-identical to the reference loop`, () => {
        for (const n of sizes) {
          const p0 = randomVec(n, dtype, n + 3);
          const P = rt.from(p0);
          const V = rt.alloc(n, dtype);
          const G = rt.alloc(n, dtype);
          const p = p0.slice();
          const v = p0.slice().fill(0);
          for (let t = 0; t < 3; t++) {
            const g = randomVec(n, dtype, n * 7 + t);
            G.data.set(g);
            wasmMomentumStep(P, G, V, 0.9, -0.05, wd, nesterov);
            ref.momentum(p, g, v, { mu: 0.9, c: -0.05, wd, nesterov }, null);
          }
          expect(Array.from(P.data)).toEqual(Array.from(p));
          expect(Array.from(V.data)).toEqual(Array.from(v));
        }
      });
    }
  }

  it("Adam float32 precision 'fast' stays within float32 rounding of the exact step", () => {
    const n = 999;
    const p0 = randomVec(n, 'float32', 5);
    const g = randomVec(n, 'float32', 6, 0.1);
    const a = [rt.from(p0), rt.from(g), rt.alloc(n), rt.alloc(n)] as const;
    const b = [rt.from(p0), rt.from(g), rt.alloc(n), rt.alloc(n)] as const;
    for (let t = 1; t <= 3; t++) {
      wasmAdamStep(...a, adamCoefs(t));
      wasmAdamStep(...b, adamCoefs(t), { precision: 'fast' });
    }
    let differ = 0;
    for (let i = 0; i < n; i++) {
      const x = a[0].data[i]!;
      const y = b[0].data[i]!;
      if (x !== y) differ++;
      expect(Math.abs(x - y)).toBeLessThanOrEqual(4 * 2 ** -23 * Math.max(1, Math.abs(x)));
    }
    // float32 lanes do round differently somewhere (so the exact tests above can tell the two apart)
    expect(differ).toBeGreaterThan(0);
  });

  it('rejects mismatched vectors', () => {
    const a = rt.alloc(4);
    const b = rt.alloc(5);
    const c = rt.alloc(4, 'float64');
    expect(() => wasmSgdStep(a, b, -1)).toThrow(/lengths differ \(4 and 5\)/);
    expect(() => wasmSgdStep(a, c, -1)).toThrow(/dtypes differ/);
    const other = createWasmRuntime().alloc(4);
    expect(() => wasmSgdStep(a, other, -1)).toThrow(/same WasmRuntime/);
    b.free();
    expect(() => wasmSgdStep(b, b, -1)).toThrow(/after free/);
  });
});
