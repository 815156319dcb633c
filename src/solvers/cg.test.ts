import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bowl, quadratic, rosenbrock } from '../objectives/testFunctions.js';
import { cg } from './cg.js';
import { arbSpdProblem, solve, spd } from './testUtil.js';

describe('nonlinear CG', () => {
  it('with exact line search solves a k-dimensional quadratic in at most k iterations (property)', () => {
    fc.assert(
      fc.property(arbSpdProblem(2, 8), fc.constantFrom('fr', 'pr', 'pr+'), ({ k, B, b }, beta) => {
        const A = spd(B, k);
        const bNorm = Math.max(...b.map(Math.abs));
        if (bNorm < 1e-3) return;
        const r = cg(quadratic(A, b), new Array(k).fill(0), {
          lineSearch: 'exact',
          beta: beta as 'fr' | 'pr' | 'pr+',
          gtol: 1e-8 * bNorm,
          maxIter: k,
          restartEvery: k + 1,
        });
        expect(r.nit).toBeLessThanOrEqual(k);
        expect(r.success).toBe(true);
        const xs = solve(A, b);
        for (let i = 0; i < k; i++) expect(r.x[i]).toBeCloseTo(xs[i]!, 5);
        // one evaluation of f and ∇f per step plus the start; one hvp per step
        expect(r.nfev).toBe(r.nit + 1);
        expect(r.nhvp).toBe(r.nit);
      }),
      { numRuns: 60, seed: 3 },
    );
  });
  it('first step is steepest descent (β1 = 0): on the bowl, one exact step from (0, 1) reaches the minimum', () => {
    // bowl f = x²/20 + y², g(0, 1) = (0, 2); exact step α = gᵀg/gᵀHg = 4/8 = ½ → (0, 0)
    const r = cg(bowl, [0, 1], { lineSearch: 'exact', maxIter: 1 });
    expect(Array.from(r.x)).toEqual([0, 0]);
    expect(r.nit).toBe(1);
  });
  for (const beta of ['fr', 'pr', 'pr+'] as const) {
    it(`${beta} minimises Rosenbrock in 4-D`, () => {
      const r = cg(rosenbrock(4), [-1.2, 1, -1.2, 1], { beta, maxIter: 5000 });
      expect(r.success).toBe(true);
      for (const v of r.x) expect(v).toBeCloseTo(1, 4);
    });
  }
  it('validates its own options', () => {
    expect(() => cg(bowl, [1, 1], { beta: 'hs' as 'fr' })).toThrow(
      'cg: option beta must be one of fr, pr, pr+, got "hs"',
    );
    expect(() => cg(bowl, [1, 1], { restartEvery: 0 })).toThrow(/restartEvery/);
    expect(() => cg(bowl, [1, 1], { lineSearch: 'none' as 'wolfe' })).toThrow(
      'cg: option lineSearch must be one of wolfe, more-thuente, armijo, exact, got "none"',
    );
  });
});
