import { describe, expect, it } from 'vitest';
import { quadratic, rosenbrock, saddle } from '../objectives/index.js';
import { curvatureAlongGradient, gradientNorm, illConditioning } from './curvature.js';

// f = ½xᵀAx − bᵀx with A = [[2, 1], [1, 3]], b = (1, −1), at x = (1, 2):
// g = Ax − b = (2 + 2 − 1, 1 + 6 + 1) = (3, 8); gᵀg = 9 + 64 = 73;
// Ag = (6 + 8, 3 + 24) = (14, 27); gᵀHg = 3·14 + 8·27 = 42 + 216 = 258.
const A = [2, 1, 1, 3];
const q = quadratic(A, [1, -1]);
const x = Float64Array.from([1, 2]);

describe('ill-conditioning criterion (book §8.2.1)', () => {
  it('gᵀg, gᵀHg and the steps against the hand-computed closed form', () => {
    const c = curvatureAlongGradient(q, x);
    expect(c.gg).toBe(73);
    expect(c.gHg).toBe(258);
    expect(c.gradNorm).toBeCloseTo(Math.sqrt(73), 14);
    expect(gradientNorm(q, x)).toBeCloseTo(Math.sqrt(73), 14);
    expect(c.safeStep).toBeCloseTo((2 * 73) / 258, 15);
    expect(c.optimalStep).toBeCloseTo(73 / 258, 15);
    expect(c.curvature).toBeCloseTo(258 / 73, 14);
  });

  it('ε = 0.1: εgᵀg = 7.3 > ½ε²gᵀHg = 1.29, the cost falls; ε = 0.6: 43.8 < 46.44, it rises', () => {
    const small = illConditioning(q, x, 0.1);
    expect(small.firstOrder).toBeCloseTo(7.3, 13);
    expect(small.secondOrder).toBeCloseTo(1.29, 13);
    expect(small.raisesCost).toBe(false);
    const big = illConditioning(q, x, 0.6);
    expect(big.firstOrder).toBeCloseTo(43.8, 13);
    expect(big.secondOrder).toBeCloseTo(46.44, 12);
    expect(big.raisesCost).toBe(true);
  });

  it('on a quadratic the second-order prediction is exact: J(θ − εg) − J(θ) = −εgᵀg + ½ε²gᵀHg', () => {
    const f0 = q.value(x);
    for (const eps of [0, 0.05, 0.2, 0.3, 0.5658, 0.7, 2]) {
      const r = illConditioning(q, x, eps);
      const moved = Float64Array.from([x[0]! - eps * 3, x[1]! - eps * 8]);
      const actual = q.value(moved) - f0;
      expect(r.predictedChange).toBeCloseTo(actual, 10);
      expect(r.raisesCost).toBe(actual > 1e-12);
    }
    // the safe step is where the cost returns to its starting value
    const c = curvatureAlongGradient(q, x);
    const s = c.safeStep;
    expect(q.value(Float64Array.from([x[0]! - s * 3, x[1]! - s * 8]))).toBeCloseTo(f0, 10);
  });

  it('with negative curvature along g no step raises the cost (safe step = ∞)', () => {
    // saddle x² − y² at (0.1, 1): g = (0.2, −2), gᵀHg = 2·0.04 − 2·4 = −7.92
    const c = illConditioning(saddle, Float64Array.from([0.1, 1]), 10);
    expect(c.gHg).toBeCloseTo(-7.92, 12);
    expect(c.safeStep).toBe(Number.POSITIVE_INFINITY);
    expect(c.raisesCost).toBe(false);
  });

  it('agrees with a finite-difference second derivative along g on Rosenbrock', () => {
    const r = rosenbrock(4);
    const x4 = Float64Array.from([-1.2, 1, 0.5, 0.3]);
    const c = curvatureAlongGradient(r, x4);
    const g = new Float64Array(4);
    r.valueAndGrad(x4, g);
    // gᵀHg = ‖g‖² uᵀHu with u = g/‖g‖; central second difference along u
    const gn = Math.hypot(...g);
    const h = 1e-4;
    const at = (t: number) => r.value(x4.map((v, i) => v + (t * g[i]!) / gn));
    const fd = (gn * gn * (at(h) - 2 * at(0) + at(-h))) / (h * h);
    expect(Math.abs(fd - c.gHg) / Math.abs(c.gHg)).toBeLessThan(1e-5);
  });

  it('rejects a bad ε', () => {
    expect(() => illConditioning(q, x, -1)).toThrow(/eps must be/);
    expect(() => illConditioning(q, x, Number.NaN)).toThrow(/eps/);
  });
});
