/** Shampoo and SOAP against transcriptions of their papers' updates. */
import { describe, expect, it } from 'vitest';
import { step } from './base.js';
import { shampoo } from './shampoo.js';
import { soap } from './soap.js';

/** (S)^p for a symmetric 2×2 S, in closed form (eigenvalues of [[a, b], [b, c]]). */
function pow2x2(S: number[], p: number): number[] {
  const [a, b, , c] = S as [number, number, number, number];
  const mean = (a + c) / 2;
  const r = Math.hypot((a - c) / 2, b);
  const l1 = mean + r;
  const l2 = mean - r;
  if (r === 0) return [a ** p, 0, 0, c ** p];
  // eigenvector of l1: (b, l1 − a) normalised
  let v = [b, l1 - a];
  if (Math.hypot(v[0]!, v[1]!) < 1e-300) v = [l1 - c, b];
  const n = Math.hypot(v[0]!, v[1]!);
  const [x, y] = [v[0]! / n, v[1]! / n];
  const f1 = l1 ** p;
  const f2 = l2 ** p;
  return [f1 * x * x + f2 * y * y, (f1 - f2) * x * y, (f1 - f2) * x * y, f1 * y * y + f2 * x * x];
}
const mm = (A: number[], B: number[]) => [
  A[0]! * B[0]! + A[1]! * B[2]!,
  A[0]! * B[1]! + A[1]! * B[3]!,
  A[2]! * B[0]! + A[3]! * B[2]!,
  A[2]! * B[1]! + A[3]! * B[3]!,
];
const tr = (A: number[]) => [A[0]!, A[2]!, A[1]!, A[3]!];

// f(W) = ½‖W − T‖²_F + ¼‖W‖⁴-ish coupling kept simple: ½‖AW − T‖² with A 2×2
const A = [2, 0.5, -0.3, 1];
const T = [1, -1, 0.5, 2];
const gradOf = (W: number[]) => {
  const Rm = mm(A, W).map((v, i) => v - T[i]!);
  return mm(tr(A), Rm);
};

describe('Shampoo (Gupta et al. 2018, Algorithm 1)', () => {
  it('with interval 1 makes the paper’s update W ← W − η L^{−1/4} G R^{−1/4}', () => {
    const eta = 0.1;
    const eps = 1e-4;
    let W = [0.5, -0.2, 0.1, 0.3];
    let L = [eps, 0, 0, eps];
    let R = [eps, 0, 0, eps];
    const want = [W.slice()];
    for (let t = 0; t < 15; t++) {
      const G = gradOf(W);
      L = L.map((v, i) => v + mm(G, tr(G))[i]!);
      R = R.map((v, i) => v + mm(tr(G), G)[i]!);
      const P = mm(mm(pow2x2(L, -0.25), G), pow2x2(R, -0.25));
      W = W.map((v, i) => v - eta * P[i]!);
      want.push(W);
    }
    const t = shampoo({ lr: eta, eps, interval: 1, matrices: [{ offset: 0, rows: 2, cols: 2 }] });
    const theta = Float64Array.from([0.5, -0.2, 0.1, 0.3]);
    const s = t.init(theta);
    for (let k = 0; k < 15; k++) {
      step(t, theta, Float64Array.from(gradOf(Array.from(theta))), s);
      for (let i = 0; i < 4; i++) expect(theta[i]!).toBeCloseTo(want[k + 1]![i]!, 12);
    }
  });

  it('treats elements outside the matrices as diagonal AdaGrad (the order-1 case)', () => {
    const t = shampoo({ lr: 0.1, eps: 1e-4, matrices: [] });
    const theta = Float64Array.of(1, -2);
    const s = t.init(theta);
    step(t, theta, Float64Array.of(0.5, 3), s);
    expect(theta[0]!).toBeCloseTo(1 - (0.1 * 0.5) / Math.sqrt(1e-4 + 0.25), 14);
    expect(theta[1]!).toBeCloseTo(-2 - (0.1 * 3) / Math.sqrt(1e-4 + 9), 14);
  });
});

describe('SOAP (Vyas et al. 2025, Algorithm 3)', () => {
  it('with diagonal gradients is Adam with SOAP’s step size (the eigenbases are axes)', () => {
    // f = ½(3 W₀₀² + 0.5 W₁₁²) + ½(W₀₁² + W₁₀²), W₀₁ = W₁₀ = 0: G stays diagonal
    const d = [3, 0.5];
    const o = { lr: 0.05, b1: 0.95, b2: 0.95, eps: 1e-30, weightDecay: 0.01, interval: 1000 };
    let w = [1.5, -2];
    const m = [0, 0];
    const v = [0, 0];
    const want: number[][] = [];
    for (let t = 1; t <= 20; t++) {
      const g = w.map((x, i) => d[i]! * x);
      const size = (o.lr * Math.sqrt(1 - o.b2 ** t)) / (1 - o.b1 ** t);
      w = w.map((x, i) => {
        m[i] = o.b1 * m[i]! + (1 - o.b1) * g[i]!;
        v[i] = o.b2 * v[i]! + (1 - o.b2) * g[i]! * g[i]!;
        return x - (size * m[i]!) / (Math.sqrt(v[i]!) + o.eps) - o.lr * o.weightDecay * x;
      });
      want.push(w);
    }
    const t = soap({ ...o, matrices: [{ offset: 0, rows: 2, cols: 2 }] });
    const theta = Float64Array.of(1.5, 0, 0, -2);
    const s = t.init(theta);
    for (let k = 0; k < 20; k++) {
      const g = Float64Array.of(d[0]! * theta[0]!, theta[1]!, theta[2]!, d[1]! * theta[3]!);
      step(t, theta, g, s);
      expect(theta[0]!).toBeCloseTo(want[k]![0]!, 12);
      expect(theta[3]!).toBeCloseTo(want[k]![1]!, 12);
      expect(theta[1]).toBe(0);
    }
  });

  it('minimises a coupled least-squares matrix problem', () => {
    const t = soap({
      lr: 0.05,
      weightDecay: 0,
      interval: 5,
      matrices: [{ offset: 0, rows: 2, cols: 2 }],
    });
    const theta = Float64Array.of(0.5, -0.2, 0.1, 0.3);
    const s = t.init(theta);
    const f = (W: number[]) => 0.5 * mm(A, W).reduce((acc, x, i) => acc + (x - T[i]!) ** 2, 0);
    const f0 = f(Array.from(theta));
    for (let k = 0; k < 400; k++) step(t, theta, Float64Array.from(gradOf(Array.from(theta))), s);
    expect(f(Array.from(theta))).toBeLessThan(1e-4 * f0);
  });
});
