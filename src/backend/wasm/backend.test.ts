import { describe, expect, it } from 'vitest';
import * as ad from '../../autodiff/index.js';
import { Rng } from '../../random/index.js';
import { randn, type Tensor } from '../../tensor/index.js';
import { backend, setBackend } from '../index.js';
import { jsBackend } from '../js.js';
import { matmulNaive } from '../matmul.js';
import { createWasmBackend } from './backend.js';

describe('wasmBackend', () => {
  const wasm = createWasmBackend();

  it('is the WebAssembly backend on this engine', () => {
    expect(wasm.name).toBe('wasm');
  });

  it('matmul agrees with the naive loop on large, tiny and matrix–vector shapes', () => {
    const r = new Rng(3);
    for (const [m, k, n] of [
      [50, 60, 70], // wasm path
      [3, 4, 5], // below the work threshold: TypeScript path
      [1, 200, 90], // row vector: TypeScript path
      [90, 200, 1], // matrix–vector: TypeScript path
    ] as const) {
      const a = new Float64Array(m * k);
      const b = new Float64Array(k * n);
      r.fillNormal(a);
      r.fillNormal(b);
      const c = new Float64Array(m * n);
      wasm.matmul(a, b, c, m, k, n, false, false);
      const want = new Float64Array(m * n);
      matmulNaive(a, b, want, m, k, n);
      for (let i = 0; i < c.length; i++) expect(Math.abs(c[i]! - want[i]!)).toBeLessThan(1e-12 * k);
    }
  });

  it('delegates element-wise ops and reductions to the TypeScript kernels', () => {
    expect(wasm.unary).toBe(jsBackend.unary);
    expect(wasm.binary).toBe(jsBackend.binary);
    expect(wasm.reduce).toBe(jsBackend.reduce);
  });

  it('gives the same gradients as the js backend through autodiff (float32 MLP layer)', () => {
    const r = new Rng(9);
    const X = randn([40, 30], r, { dtype: 'float32' });
    const W0 = randn([30, 20], r, { dtype: 'float32' });
    const loss = (W: Tensor) => ad.sum(ad.square(ad.relu(ad.matmul(X, W))));
    const [v1, g1] = ad.valueAndGrad(loss)(W0);
    const prev = setBackend(wasm);
    try {
      expect(backend().name).toBe('wasm');
      const [v2, g2] = ad.valueAndGrad(loss)(W0);
      expect(v2.item()).toBeCloseTo(v1.item(), 2);
      const a = g1.toFlatArray();
      const b = g2.toFlatArray();
      for (let i = 0; i < a.length; i++)
        expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-3 * (1 + Math.abs(a[i]!)));
    } finally {
      setBackend(prev);
    }
  });
});
