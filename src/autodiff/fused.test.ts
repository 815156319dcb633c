/**
 * The fused ops (ops/fused.ts) against the composite graphs they replace, on
 * every backend that loads here (js, wasm, and native when built):
 *
 * - biasActivation: value and both gradients the same bits as
 *   activation(add(y, b)) on the same backend, both dtypes;
 * - softmaxCrossEntropyLoss: value and gradient within float rounding of
 *   crossEntropy (the composite rounds after each of its ops, the kernel once):
 *   float64 to 1e-15 relative (loss) and 1e-15 of the largest gradient entry
 *   (measured: ≤ 2.1e-16); float32 to 5e-7 (about 4 ε, ε = 2⁻²³) relative and
 *   5e-7 of the largest gradient entry (measured: ≤ 9e-8);
 * - gradcheck in float64 against central differences; Hessian-vector products
 *   through the fused loss (the recorded rule) equal those through the
 *   composite to 1e-12, and hvpcheck agrees with finite differences.
 */
import { describe, expect, it } from 'vitest';
import type { FusedActivation } from '../backend/fused.js';
import { availableBackends, setBackend } from '../backend/index.js';
import { Rng } from '../random/index.js';
import { cast, type DType, randn, type Tensor } from '../tensor/index.js';
import { gradients } from './backward.js';
import { hvp } from './grad.js';
import { gradcheck, hvpcheck } from './gradcheck.js';
import { add, mul, relu, sigmoid, tanh } from './ops/elementwise.js';
import { biasActivation, softmaxCrossEntropyLoss } from './ops/fused.js';
import { matmul } from './ops/linalg.js';
import { crossEntropy } from './ops/nn.js';
import { sum } from './ops/reduce.js';

const ACTS: FusedActivation[] = ['identity', 'relu', 'sigmoid', 'tanh'];
const DTYPES: DType[] = ['float64', 'float32'];

function compositeAct(y: Tensor, b: Tensor, act: FusedActivation): Tensor {
  const s = add(y, b);
  return act === 'relu' ? relu(s) : act === 'sigmoid' ? sigmoid(s) : act === 'tanh' ? tanh(s) : s;
}

function leaf(t: Tensor): Tensor {
  return t.variable();
}

function labelsFor(m: number, c: number, rng: Rng): Int32Array {
  return Int32Array.from({ length: m }, () => Math.floor(rng.uniform() * c));
}

function maxAbs(a: ArrayLike<number>): number {
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]!));
  return mx;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]! - b[i]!));
  return mx;
}

const backends = availableBackends();

describe.each(backends.map((b) => [b.name, b] as const))('fused ops on the %s backend', (_, be) => {
  it('biasActivation: value and gradients the same bits as activation(add(y, b)), both dtypes', () => {
    const prev = setBackend(be);
    try {
      const rng = new Rng(11);
      // 7×5 runs below the native call threshold, 33×19 above it
      for (const [m, n] of [
        [7, 5],
        [33, 19],
      ] as const) {
        for (const dtype of DTYPES) {
          const y0 = cast(randn([m, n], rng), dtype);
          const b0 = cast(randn([n], rng), dtype);
          const up = cast(randn([m, n], rng), dtype);
          for (const act of ACTS) {
            const [y1, b1, y2, b2] = [leaf(y0), leaf(b0), leaf(y0), leaf(b0)];
            const f = biasActivation(y1, b1, act);
            const c = compositeAct(y2, b2, act);
            expect(Array.from(f.data), `${act} ${dtype} ${m}×${n}`).toEqual(Array.from(c.data));
            const [gy1, gb1] = gradients(f, [y1, b1], { seed: up });
            const [gy2, gb2] = gradients(c, [y2, b2], { seed: up });
            expect(Array.from(gy1!.data)).toEqual(Array.from(gy2!.data));
            expect(Array.from(gb1!.data)).toEqual(Array.from(gb2!.data));
          }
        }
      }
    } finally {
      setBackend(prev);
    }
  });

  it('softmaxCrossEntropyLoss: value and gradient within float rounding of crossEntropy', () => {
    const prev = setBackend(be);
    try {
      const rng = new Rng(12);
      for (const [m, c] of [
        [3, 4],
        [128, 10],
        [17, 33],
      ] as const) {
        for (const dtype of DTYPES) {
          const z0 = cast(randn([m, c], rng, { std: 3 }), dtype);
          const labels = labelsFor(m, c, rng);
          const z1 = leaf(z0);
          const z2 = leaf(z0);
          const lf = softmaxCrossEntropyLoss(z1, labels);
          const lc = crossEntropy(z2, labels);
          expect(lf.shape).toEqual(lc.shape);
          expect(lf.dtype).toBe(dtype);
          const [g1] = gradients(lf, [z1]);
          const [g2] = gradients(lc, [z2]);
          const relTol = dtype === 'float64' ? 1e-15 : 5e-7;
          const gTol = (dtype === 'float64' ? 1e-15 : 5e-7) * maxAbs(g2!.data);
          expect(Math.abs(lf.item() - lc.item())).toBeLessThanOrEqual(relTol * Math.abs(lc.item()));
          expect(maxDiff(g1!.data, g2!.data)).toBeLessThanOrEqual(gTol);
        }
      }
    } finally {
      setBackend(prev);
    }
  });
});

describe('fused ops: derivatives', () => {
  it('gradcheck in float64: biasActivation for y and b, every activation', () => {
    const rng = new Rng(13);
    const y = randn([4, 3], rng);
    const b = randn([3], rng);
    const w = randn([4, 3], rng);
    for (const act of ACTS) {
      const fy = (t: Tensor) => sum(mul(biasActivation(t, b, act), w));
      const fb = (t: Tensor) => sum(mul(biasActivation(y, t, act), w));
      expect(gradcheck(fy, y).ok, `${act} wrt y`).toBe(true);
      expect(gradcheck(fb, b).ok, `${act} wrt b`).toBe(true);
    }
  });

  it('gradcheck and hvpcheck in float64: softmaxCrossEntropyLoss', () => {
    const rng = new Rng(14);
    const z = randn([5, 4], rng);
    const labels = labelsFor(5, 4, rng);
    const f = (t: Tensor) => softmaxCrossEntropyLoss(t, labels);
    expect(gradcheck(f, z).ok).toBe(true);
    expect(hvpcheck(f, z, randn([5, 4], rng)).ok).toBe(true);
  });

  it('Hessian-vector products through the fused ops equal those through the composite', () => {
    const rng = new Rng(15);
    const w = randn([6, 5], rng);
    const b = randn([5], rng);
    const x = randn([8, 6], rng);
    const labels = labelsFor(8, 5, rng);
    const v = randn([6, 5], rng);
    for (const act of ['sigmoid', 'tanh'] as const) {
      // J(W) = CE(f(x W + b)): second derivatives through both fused rules
      const fused = (t: Tensor) =>
        softmaxCrossEntropyLoss(biasActivation(matmul(x, t), b, act), labels);
      const comp = (t: Tensor) => crossEntropy(compositeAct(matmul(x, t), b, act), labels);
      const h1 = hvp(fused, w, v);
      const h2 = hvp(comp, w, v);
      expect(maxDiff(h1.data, h2.data), act).toBeLessThanOrEqual(1e-12 * maxAbs(h2.data));
    }
  });
});
