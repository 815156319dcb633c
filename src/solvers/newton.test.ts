import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quadratic, rosenbrock, saddle } from '../objectives/testFunctions.js';
import type { Objective } from '../objectives/types.js';
import { gd } from './gd.js';
import { newton } from './newton.js';
import { newtonCg } from './newtonCg.js';
import { arbSpdProblem, solve, spd } from './testUtil.js';

/** f(x, y) = x² + y⁴/4 − y²/2: a saddle at (0, 0), minima (0, ±1) with f = −¼. */
const saddleAndMinima: Objective = {
  dim: 2,
  value: (p) => p[0]! ** 2 + p[1]! ** 4 / 4 - p[1]! ** 2 / 2,
  valueAndGrad(p, g) {
    g[0] = 2 * p[0]!;
    g[1] = p[1]! ** 3 - p[1]!;
    return this.value(p);
  },
  hvp(p, v, out) {
    out[0] = 2 * v[0]!;
    out[1] = (3 * p[1]! ** 2 - 1) * v[1]!;
  },
};

describe('Newton', () => {
  it('solves a convex quadratic in one step, plain or regularised (property)', () => {
    fc.assert(
      fc.property(arbSpdProblem(1, 7), fc.boolean(), ({ k, B, b }, regularize) => {
        const A = spd(B, k);
        fc.pre(Math.max(...b.map(Math.abs)) > 1e-2);
        const r = newton(quadratic(A, b), new Array(k).fill(0), { regularize, gtol: 1e-9 });
        expect(r.nit).toBe(1);
        expect(r.success).toBe(true);
        const xs = solve(A, b);
        for (let i = 0; i < k; i++) expect(r.x[i]).toBeCloseTo(xs[i]!, 9);
        expect(r.nhvp).toBe(k); // H formed from k Hessian-vector products
        expect(r.nfev).toBe(2);
      }),
      { numRuns: 50, seed: 1 },
    );
  });

  it('plain Newton converges to the saddle of x² + y⁴/4 − y²/2 from near it', () => {
    const r = newton(saddleAndMinima, [1, 1e-3], { regularize: false, gtol: 1e-12 });
    expect(r.success).toBe(true); // ∇f = 0 there: a stationary point, not a minimum
    expect(Math.abs(r.x[0]!)).toBeLessThan(1e-12);
    expect(Math.abs(r.x[1]!)).toBeLessThan(1e-12);
    expect(r.fun).toBeCloseTo(0, 12);
  });

  it('regularised Newton and gradient descent leave that saddle for a minimum', () => {
    const rn = newton(saddleAndMinima, [1, 1e-3], { gtol: 1e-10 });
    const rg = gd(saddleAndMinima, [1, 1e-3], { gtol: 1e-8, maxIter: 10000 });
    for (const r of [rn, rg]) {
      expect(r.success).toBe(true);
      expect(Math.abs(r.x[1]!)).toBeCloseTo(1, 6);
      expect(r.fun).toBeCloseTo(-0.25, 10);
    }
  });

  it('on x² − y² from (1, 1e-3): plain Newton jumps to the saddle, regularised Newton and gd descend away', () => {
    const plain = newton(saddle, [1, 1e-3], { regularize: false });
    expect(plain.nit).toBe(1);
    expect(Array.from(plain.x)).toEqual([0, 0]);
    const reg = newton(saddle, [1, 1e-3], { maxIter: 5 });
    const g = gd(saddle, [1, 1e-3], { lineSearch: 'none', step: 0.1, maxIter: 50 });
    for (const r of [reg, g]) {
      expect(Math.abs(r.x[1]!)).toBeGreaterThan(1);
      expect(r.fun).toBeLessThan(-1);
      expect(r.success).toBe(false);
    }
  });

  it('regularised step is a descent direction where H is indefinite (Rosenbrock from (−1.2, 1) and (0, 1))', () => {
    for (const x0 of [
      [-1.2, 1],
      [0, 1],
    ]) {
      const r = newton(rosenbrock(2), x0);
      expect(r.success).toBe(true);
      expect(r.x[0]).toBeCloseTo(1, 6);
    }
  });

  it('reports a singular Hessian for plain Newton instead of throwing', () => {
    // f = x² (y absent): H = diag(2, 0)
    const r = newton(quadratic([2, 0, 0, 0], [1, 1]), [0, 0], { regularize: false });
    expect(r.status).toBe('singular');
    expect(r.success).toBe(false);
  });
});

describe('Newton-CG', () => {
  it('stops the inner CG on negative curvature and still descends (saddle x² − y²)', () => {
    // at (1, 1e-3) the first inner direction −g = (−2, 0.002) has dᵀHd = 8 − 8e-6 > 0, the
    // second has negative curvature: p is the first CG iterate, a descent direction
    const r = newtonCg(saddle, [1, 1e-3], { maxIter: 3 });
    expect(r.fun).toBeLessThan(0);
    expect(Math.abs(r.x[1]!)).toBeGreaterThan(1e-3);
  });
  it('minimises 20-D Rosenbrock without forming the Hessian', () => {
    const r = newtonCg(rosenbrock(20), new Array(20).fill(0), { maxIter: 2000 });
    expect(r.success).toBe(true);
    for (const v of r.x) expect(v).toBeCloseTo(1, 5);
    expect(r.nhvp).toBeGreaterThan(0);
  });
});
