import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quadratic, rosenbrock } from '../objectives/testFunctions.js';
import { bfgs, bfgsDetailed, bfgsUpdate } from './bfgs.js';
import { lbfgs } from './lbfgs.js';
import { arbSpdProblem, inverse, spd } from './testUtil.js';

/** Naive transcription: M' = (I − ρ s yᵀ) M (I − ρ y sᵀ) + ρ s sᵀ with explicit matrix products. */
function naiveUpdate(M: number[], s: number[], y: number[]): number[] {
  const n = s.length;
  const rho = 1 / s.reduce((a, v, i) => a + v * y[i]!, 0);
  const L = (i: number, j: number) => (i === j ? 1 : 0) - rho * s[i]! * y[j]!;
  const R = (i: number, j: number) => (i === j ? 1 : 0) - rho * y[i]! * s[j]!;
  const LM = Array.from({ length: n * n }, (_, k) => {
    const i = Math.floor(k / n);
    const j = k % n;
    let t = 0;
    for (let r = 0; r < n; r++) t += L(i, r) * M[r * n + j]!;
    return t;
  });
  return Array.from({ length: n * n }, (_, k) => {
    const i = Math.floor(k / n);
    const j = k % n;
    let t = 0;
    for (let r = 0; r < n; r++) t += LM[i * n + r]! * R(r, j);
    return t + rho * s[i]! * s[j]!;
  });
}

describe('BFGS', () => {
  it('bfgsUpdate equals the book formula and satisfies the secant equation M y = s', () => {
    // M = I (2×2), s = (1, 2), y = (3, 1): sᵀy = 5
    const M = Float64Array.of(1, 0, 0, 1);
    const s = Float64Array.of(1, 2);
    const y = Float64Array.of(3, 1);
    const expected = naiveUpdate([1, 0, 0, 1], [1, 2], [3, 1]);
    bfgsUpdate(M, s, y, new Float64Array(2));
    for (let i = 0; i < 4; i++) expect(M[i]).toBeCloseTo(expected[i]!, 14);
    expect(M[0]! * 3 + M[1]! * 1).toBeCloseTo(1, 14);
    expect(M[2]! * 3 + M[3]! * 1).toBeCloseTo(2, 14);
  });

  it('inverse Hessian equals A⁻¹ on a quadratic after n exact-line-search steps (property)', () => {
    fc.assert(
      fc.property(arbSpdProblem(2, 6), ({ k, B, b }) => {
        const A = spd(B, k);
        const bNorm = Math.max(...b.map(Math.abs));
        fc.pre(bNorm > 1e-2);
        const { result, inverseHessian } = bfgsDetailed(quadratic(A, b), new Array(k).fill(0), {
          lineSearch: 'exact',
          gtol: 1e-9 * bNorm,
          maxIter: k,
        });
        // the theorem needs n steps whose directions span Rⁿ; a b lying in a smaller
        // invariant subspace of A converges sooner and only learns A⁻¹ there
        fc.pre(result.nit === k);
        const inv = inverse(A, k);
        const scale = Math.max(...inv.map(Math.abs));
        for (let i = 0; i < k * k; i++)
          expect(Math.abs(inverseHessian[i]! - inv[i]!)).toBeLessThan(1e-6 * scale);
      }),
      { numRuns: 60, seed: 5, maxSkipsPerRun: 2 },
    );
  });

  it('L-BFGS with m ≥ n follows BFGS on a quadratic with exact line searches (property)', () => {
    fc.assert(
      fc.property(arbSpdProblem(2, 6), fc.integer({ min: 0, max: 3 }), ({ k, B, b }, extra) => {
        const A = spd(B, k);
        if (Math.max(...b.map(Math.abs)) < 1e-2) return;
        const xsB: number[][] = [];
        const xsL: number[][] = [];
        const common = { lineSearch: 'exact' as const, gtol: 1e-10, maxIter: k + 2 };
        bfgs(quadratic(A, b), new Array(k).fill(0), {
          ...common,
          callback: (i) => void xsB.push(Array.from(i.x)),
        });
        lbfgs(quadratic(A, b), new Array(k).fill(0), {
          ...common,
          memory: k + extra,
          callback: (i) => void xsL.push(Array.from(i.x)),
        });
        expect(xsL.length).toBe(xsB.length);
        const scale = Math.max(1, ...xsB.flat().map(Math.abs));
        for (let t = 0; t < xsB.length; t++) {
          for (let i = 0; i < k; i++)
            expect(Math.abs(xsL[t]![i]! - xsB[t]![i]!)).toBeLessThan(1e-7 * scale);
        }
      }),
      { numRuns: 60, seed: 9 },
    );
  });

  it('initial scaling and Armijo search still reach the Rosenbrock minimum', () => {
    const r1 = bfgs(rosenbrock(3), [-1.2, 1, 1], { initialScaling: true });
    const r2 = bfgs(rosenbrock(3), [-1.2, 1, 1], { lineSearch: 'armijo', maxIter: 5000 });
    for (const r of [r1, r2]) {
      expect(r.success).toBe(true);
      for (const v of r.x) expect(v).toBeCloseTo(1, 4);
    }
  });

  it("first trial steps: SciPy's decrease rule (default) and the unit rule, by hand", () => {
    // f = ½x² from x0 = 4: g0 = 4, p0 = −4, φ'(0) = −16.
    // decrease: f_{−1} = 8 + 4/2 = 10, α0 = min(1, 1.01·2·(8 − 10)/(−16)) = 0.2525 → x1 = 2.99,
    //   accepted at once (φ(α0) = 4.47005 ≤ 8 − 1e-4·0.2525·16; |φ'| = 11.96 ≤ 0.9·16)
    // unit: α0 = min(1, 1/‖p0‖) = 0.25 → x1 = 3 (also accepted at once)
    const f = quadratic([1], [0]);
    for (const lineSearch of ['more-thuente', 'wolfe'] as const) {
      const dec = bfgs(f, [4], { lineSearch, maxIter: 1 });
      const unit = bfgs(f, [4], { lineSearch, maxIter: 1, initialStep: 'unit' });
      expect(dec.x[0]).toBeCloseTo(2.99, 14);
      expect(unit.x[0]).toBeCloseTo(3, 14);
      expect([dec.nfev, unit.nfev]).toEqual([2, 2]);
      // second step: after the update M = s/y = 1 (exact), p1 = −x1.
      // unit: α0 = 1 lands on 0 exactly. decrease: p1 = −2.99, φ'(0) = −8.9401,
      // f1 − f0 = 4.47005 − 8 = −3.52995,
      // α0 = min(1, 2.02·3.52995/8.9401) ≈ 0.7976 is a strong Wolfe step and is kept
      // (|φ'| = 8.9401·(1 − α0) ≈ 1.81 ≤ 0.9·8.9401), so x2 = 2.99 (1 − α0) ≈ 0.605
      const dec2 = bfgs(f, [4], { lineSearch, maxIter: 2 });
      const unit2 = bfgs(f, [4], { lineSearch, maxIter: 2, initialStep: 'unit' });
      const a1 = (2.02 * 3.52995) / 8.9401;
      expect(dec2.x[0]).toBeCloseTo(2.99 * (1 - a1), 12);
      expect(unit2.x[0]).toBe(0);
      expect([dec2.nfev, unit2.nfev]).toEqual([3, 3]);
    }
    expect(() => bfgs(f, [4], { initialStep: 'one' as 'unit' })).toThrow(
      'bfgs: option initialStep must be one of decrease, unit, got "one"',
    );
  });

  it('L-BFGS with small memory minimises 10-D Rosenbrock', () => {
    const r = lbfgs(rosenbrock(10), new Array(10).fill(-1), { memory: 3, maxIter: 5000 });
    expect(r.success).toBe(true);
    for (const v of r.x) expect(v).toBeCloseTo(1, 4);
    expect(r.ngev).toBe(r.nfev); // every evaluation computes f and ∇f together
  });
});
