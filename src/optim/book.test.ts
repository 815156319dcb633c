/**
 * Naive transcriptions of Deep Learning Algorithms 8.1–8.7 (plain number
 * arrays, written from the book's pseudo-code) compared with the composed
 * optimizers, plus one- and two-step hand computations.
 */
import { describe, expect, it } from 'vitest';
import { bowl, rosenbrock } from '../objectives/testFunctions.js';
import { step } from './base.js';
import { deltaBarDelta } from './deltaBarDelta.js';
import { dlfsAdam } from './dlfs.js';
import { adagrad, adam, adamw, momentum, nesterov, rmsprop, sgd } from './optimizers.js';
import { linearDecay } from './schedules.js';
import type { AnyTransform } from './types.js';

const f = rosenbrock(3);
const X0 = [-1.2, 1, 0.5];
const N = 40;
const grad = (x: number[]): number[] => {
  const g = new Float64Array(3);
  f.valueAndGrad(Float64Array.from(x), g);
  return Array.from(g);
};

/** Runs a composed optimizer; returns the iterates θ_1..θ_N. */
function composed(t: AnyTransform, x0: number[] = X0, n = N): number[][] {
  const x = Float64Array.from(x0);
  const s = t.init(x);
  const g = new Float64Array(x.length);
  const out: number[][] = [];
  for (let k = 0; k < n; k++) {
    f.valueAndGrad(x, g);
    step(t, x, g, s);
    out.push(Array.from(x));
  }
  return out;
}

function expectClose(a: number[][], b: number[][], tol = 1e-12): void {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++) {
    for (let i = 0; i < a[k]!.length; i++) {
      const e = Math.abs(a[k]![i]! - b[k]![i]!) / Math.max(1, Math.abs(b[k]![i]!));
      expect(e, `row ${k} component ${i}`).toBeLessThan(tol);
    }
  }
}

const eps = linearDecay({ initial: 1e-3, final: 1e-5, steps: 25 });

describe('Deep Learning Algorithms 8.1–8.7, transcribed', () => {
  it('8.1 SGD with the linear-decay rate', () => {
    let th = [...X0];
    const rows: number[][] = [];
    for (let k = 0; k < N; k++) {
      const g = grad(th);
      th = th.map((t, i) => t - eps(k) * g[i]!);
      rows.push(th);
    }
    expectClose(composed(sgd({ lr: eps })), rows);
  });

  it('8.2 momentum (rate inside v)', () => {
    const a = 0.9;
    let th = [...X0];
    let v = [0, 0, 0];
    const rows: number[][] = [];
    for (let k = 0; k < N; k++) {
      const g = grad(th);
      v = v.map((vi, i) => a * vi - eps(k) * g[i]!);
      th = th.map((t, i) => t + v[i]!);
      rows.push(th);
    }
    expectClose(composed(momentum({ lr: eps, momentum: a })), rows);
  });

  it('8.3 Nesterov: the stored θ is θ_book + αv', () => {
    const a = 0.9;
    let th = [...X0];
    let v = [0, 0, 0];
    const rows: number[][] = [];
    for (let k = 0; k < N; k++) {
      const ahead = th.map((t, i) => t + a * v[i]!); // interim update θ̃ = θ + αv
      const g = grad(ahead);
      v = v.map((vi, i) => a * vi - eps(k) * g[i]!);
      th = th.map((t, i) => t + v[i]!);
      rows.push(th.map((t, i) => t + a * v[i]!));
    }
    expectClose(composed(nesterov({ lr: eps, momentum: a })), rows, 1e-11);
  });

  it('8.4 AdaGrad', () => {
    const e = 0.05;
    const d = 1e-7;
    let th = [...X0];
    const r = [0, 0, 0];
    const rows: number[][] = [];
    for (let k = 0; k < N; k++) {
      const g = grad(th);
      for (let i = 0; i < 3; i++) r[i] = r[i]! + g[i]! * g[i]!;
      th = th.map((t, i) => t + (-e / (d + Math.sqrt(r[i]!))) * g[i]!);
      rows.push(th);
    }
    expectClose(composed(adagrad({ lr: e })), rows);
  });

  it('8.5 RMSProp (δ inside the root)', () => {
    const e = 0.01;
    const rho = 0.9;
    const d = 1e-6;
    let th = [...X0];
    const r = [0, 0, 0];
    const rows: number[][] = [];
    for (let k = 0; k < N; k++) {
      const g = grad(th);
      for (let i = 0; i < 3; i++) r[i] = rho * r[i]! + (1 - rho) * g[i]! * g[i]!;
      th = th.map((t, i) => t + (-e / Math.sqrt(d + r[i]!)) * g[i]!);
      rows.push(th);
    }
    expectClose(composed(rmsprop({ lr: e })), rows);
  });

  it('8.6 RMSProp with Nesterov momentum (look-ahead form)', () => {
    const e = 0.002;
    const rho = 0.9;
    const a = 0.8;
    let th = [...X0];
    let v = [0, 0, 0];
    const r = [0, 0, 0];
    const rows: number[][] = [];
    for (let k = 0; k < N; k++) {
      const ahead = th.map((t, i) => t + a * v[i]!);
      const g = grad(ahead);
      for (let i = 0; i < 3; i++) r[i] = rho * r[i]! + (1 - rho) * g[i]! * g[i]!;
      v = v.map((vi, i) => a * vi - (e / Math.sqrt(r[i]!)) * g[i]!);
      th = th.map((t, i) => t + v[i]!);
      rows.push(th.map((t, i) => t + a * v[i]!));
    }
    const opt = rmsprop({ lr: e, decay: rho, eps: 0, nesterov: true, nesterovMomentum: a });
    expectClose(composed(opt), rows, 1e-11);
  });

  it('8.7 Adam', () => {
    const e = 0.01;
    const [r1, r2, d] = [0.9, 0.999, 1e-8];
    let th = [...X0];
    const s = [0, 0, 0];
    const r = [0, 0, 0];
    const rows: number[][] = [];
    for (let t = 1; t <= N; t++) {
      const g = grad(th);
      for (let i = 0; i < 3; i++) {
        s[i] = r1 * s[i]! + (1 - r1) * g[i]!;
        r[i] = r2 * r[i]! + (1 - r2) * g[i]! * g[i]!;
      }
      th = th.map((x, i) => {
        const sh = s[i]! / (1 - r1 ** t);
        const rh = r[i]! / (1 - r2 ** t);
        return x + (-e * sh) / (Math.sqrt(rh) + d);
      });
      rows.push(th);
    }
    expectClose(composed(adam({ lr: e })), rows);
  });
});

describe('hand-computed steps on the bowl f = x²/20 + y², θ0 = (−7, 2), g = (x/10, 2y)', () => {
  const bowlSteps = (t: AnyTransform, n: number): number[][] => {
    const x = Float64Array.from([-7, 2]);
    const s = t.init(x);
    const g = new Float64Array(2);
    const rows: number[][] = [];
    for (let k = 0; k < n; k++) {
      bowl.valueAndGrad(x, g);
      step(t, x, g, s);
      rows.push(Array.from(x));
    }
    return rows;
  };

  it('momentum, two steps', () => {
    // g0 = (−0.7, 4); v1 = −0.1·g0 = (0.07, −0.4); θ1 = (−6.93, 1.6)
    // g1 = (−0.693, 3.2); v2 = 0.9·v1 − 0.1·g1 = (0.063 + 0.0693, −0.36 − 0.32) = (0.1323, −0.68)
    // θ2 = (−6.93 + 0.1323, 1.6 − 0.68) = (−6.7977, 0.92)
    const r = bowlSteps(momentum({ lr: 0.1 }), 2);
    expectClose(
      r,
      [
        [-6.93, 1.6],
        [-6.7977, 0.92],
      ],
      1e-14,
    );
  });

  it('nesterov, one step', () => {
    // v1 = −0.1·g0 = (0.07, −0.4); θ1 = θ0 + 0.9·v1 − 0.1·g0 = (−7 + 0.063 + 0.07, 2 − 0.36 − 0.4)
    const r = bowlSteps(nesterov({ lr: 0.1 }), 1);
    expectClose(r, [[-6.867, 1.24]], 1e-14);
  });

  it('adagrad, one step', () => {
    // r = g0² = (0.49, 16); Δ = −1.5·g/(1e-7 + |g|) → x: 1.5·0.7/0.7000001, y: −1.5·4/4.0000001
    const r = bowlSteps(adagrad({ lr: 1.5 }), 1);
    expectClose(r, [[-7 + (1.5 * 0.7) / 0.7000001, 2 - (1.5 * 4) / 4.0000001]], 1e-14);
  });

  it('adam, one step: ŝ = g, r̂ = g², Δ = −lr·g/(|g| + 1e-8)', () => {
    // x: −7 + 0.3·0.7/(0.7 + 1e-8) = −6.70000000428571…; y: 2 − 0.3·4/(4 + 1e-8)
    const r = bowlSteps(adam({ lr: 0.3 }), 1);
    expectClose(r, [[-7 + (0.3 * 0.7) / (0.7 + 1e-8), 2 - (0.3 * 4) / (4 + 1e-8)]], 1e-14);
  });

  it('adamw, one step: θ(1 − lr·wd) then the adam step', () => {
    // lr 0.1, wd 0.5: x: −7·(1 − 0.05) + 0.1·0.7/(0.7 + 1e-8); y: 2·0.95 − 0.1·4/(4 + 1e-8)
    const r = bowlSteps(adamw({ lr: 0.1, weightDecay: 0.5 }), 1);
    expectClose(r, [[-6.65 + (0.1 * 0.7) / (0.7 + 1e-8), 1.9 - (0.1 * 4) / (4 + 1e-8)]], 1e-14);
  });

  it('rmsprop, one step, both placements of δ', () => {
    // r = 0.1·g²; book: Δ = −lr·g/√(0.1g² + 1e-6); torch: Δ = −lr·g/(√(0.1g²) + 1e-6)
    const a = bowlSteps(rmsprop({ lr: 0.01 }), 1)[0]!;
    expect(a[1]).toBeCloseTo(2 - (0.01 * 4) / Math.sqrt(1.6 + 1e-6), 15);
    const b = bowlSteps(rmsprop({ lr: 0.01, epsInSqrt: false }), 1)[0]!;
    expect(b[1]).toBeCloseTo(2 - (0.01 * 4) / (Math.sqrt(1.6) + 1e-6), 15);
  });

  it('delta-bar-delta, two steps', () => {
    // step 1: δ̄ = 0 → rates stay 0.05; θ1 = (−7 + 0.05·0.7, 2 − 0.05·4) = (−6.965, 1.8)
    //         δ̄ = 0.3·g0 = (−0.21, 1.2)
    // step 2: g1 = (−0.6965, 3.6); δ̄·g1 > 0 → e = 0.05 + 0.01 = 0.06
    //         θ2 = (−6.965 + 0.06·0.6965, 1.8 − 0.06·3.6) = (−6.92321, 1.584)
    const r = bowlSteps(deltaBarDelta({ lr: 0.05, kappa: 0.01, phi: 0.2, theta: 0.7 }), 2);
    expectClose(
      r,
      [
        [-6.965, 1.8],
        [-6.92321, 1.584],
      ],
      1e-14,
    );
  });

  it('DLFS Adam, one step: folded rate lr·√(1−β2)/(1−β1), ε = 1e-7 outside', () => {
    // m = 0.1g, v = 0.001g²; lr_t = lr·√0.001/0.1; Δ = −lr_t·0.1g/(√0.001·|g| + 1e-7)
    const r = bowlSteps(dlfsAdam({ lr: 0.1 }), 1)[0]!;
    const q = Math.sqrt(0.001);
    expect(r[1]).toBeCloseTo(2 - (0.1 * q * 4) / (q * 4 + 1e-7), 15);
    expect(r[0]).toBeCloseTo(-7 + (0.1 * q * 0.7) / (q * 0.7 + 1e-7), 15);
  });
});
