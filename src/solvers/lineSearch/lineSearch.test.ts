import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beale, himmelblau, rosenbrock } from '../../objectives/testFunctions.js';
import type { Objective } from '../../objectives/types.js';
import { CountedObjective } from '../counted.js';
import { armijo } from './armijo.js';
import { exactQuadratic } from './exact.js';
import { cubicMin, quadMin, secantMin } from './interpolate.js';
import { LineFunction } from './phi.js';
import { isStrongWolfe, strongWolfe, WOLFE_DEFAULTS } from './wolfe.js';

const objectives: Objective[] = [rosenbrock(2), rosenbrock(5), beale, himmelblau];

/** A line from x along −∇f(x) on one of the test objectives. */
function setup(k: number, xs: number[]) {
  const obj = new CountedObjective(objectives[k]!);
  const n = obj.dim;
  const x = Float64Array.from(xs.slice(0, n));
  const g = new Float64Array(n);
  const f0 = obj.valueAndGrad(x, g);
  const p = g.map((v) => -v);
  const d0 = -g.reduce((s, v) => s + v * v, 0);
  const lf = new LineFunction(obj, n);
  lf.reset(x, p);
  return { obj, x, p, f0, d0, lf };
}

const arbLine = fc.record({
  k: fc.integer({ min: 0, max: objectives.length - 1 }),
  xs: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 5, maxLength: 5 }),
  alpha1: fc.double({ min: 1e-4, max: 10, noNaN: true }),
  c2: fc.constantFrom(0.1, 0.4, 0.9),
});

describe('interpolation helpers', () => {
  it('cubicMin recovers the local minimiser of a cubic from two points and slopes', () => {
    // φ(α) = α³ − 3α: φ' = 3α² − 3, local minimum at α = 1
    const phi = (a: number) => a ** 3 - 3 * a;
    const dphi = (a: number) => 3 * a * a - 3;
    expect(cubicMin(0, phi(0), dphi(0), 2, phi(2), dphi(2))).toBeCloseTo(1, 12);
    expect(cubicMin(2, phi(2), dphi(2), 0.5, phi(0.5), dphi(0.5))).toBeCloseTo(1, 12);
  });
  it('quadMin and secantMin are exact on a quadratic', () => {
    // φ(α) = 2(α − 0.7)² + 1: φ(0) = 1.98, φ'(0) = −2.8, φ(2) = 4.38, φ'(2) = 5.2
    expect(quadMin(0, 1.98, -2.8, 2, 4.38)).toBeCloseTo(0.7, 12);
    expect(secantMin(0, -2.8, 2, 5.2)).toBeCloseTo(0.7, 12);
  });
  it('return NaN when there is no minimiser', () => {
    expect(quadMin(0, 0, -1, 1, -2)).toBeNaN(); // concave
    expect(secantMin(0, 1, 1, 1)).toBeNaN();
  });
});

describe('strong Wolfe line search', () => {
  it('returned steps satisfy the strong Wolfe conditions (property)', () => {
    fc.assert(
      fc.property(arbLine, ({ k, xs, alpha1, c2 }) => {
        const { f0, d0, lf, obj } = setup(k, xs);
        if (!(d0 < -1e-12)) return;
        const r = strongWolfe(lf, f0, d0, alpha1, { ...WOLFE_DEFAULTS, c2, maxEvals: 60 });
        expect(r.ok).toBe(true);
        // the φ object holds the accepted point: check the conditions from its own f and φ'
        expect(lf.alpha).toBe(r.alpha);
        expect(isStrongWolfe(r.alpha, lf.f, lf.dphi, f0, d0, 1e-4, c2)).toBe(true);
        // and recompute f and φ' independently at x + α p
        const xa = lf.origin.map((v, i) => v + r.alpha * lf.direction[i]!);
        const ga = new Float64Array(xa.length);
        const fa = objectives[k]!.valueAndGrad(xa, ga);
        const da = ga.reduce((s, v, i) => s + v * lf.direction[i]!, 0);
        expect(fa).toBe(lf.f);
        expect(isStrongWolfe(r.alpha, fa, da, f0, d0, 1e-4, c2)).toBe(true);
        expect(obj.nfev).toBe(r.evals + 1); // + the evaluation at x in setup
      }),
      { numRuns: 200, seed: 7 },
    );
  });
  it('accepts the first trial when it already satisfies the conditions (one evaluation)', () => {
    // φ(α) = f(x − α g) on the bowl-like quadratic x²: from x = 1, g = 2, α = 0.5 is exact
    const obj = new CountedObjective({
      dim: 1,
      value: (x) => x[0]! ** 2,
      valueAndGrad: (x, g) => {
        g[0] = 2 * x[0]!;
        return x[0]! ** 2;
      },
      hvp: (_x, v, o) => {
        o[0] = 2 * v[0]!;
      },
    });
    const lf = new LineFunction(obj, 1);
    lf.reset(Float64Array.of(1), Float64Array.of(-2));
    const r = strongWolfe(lf, 1, -4, 0.5, WOLFE_DEFAULTS);
    expect(r).toEqual({ ok: true, alpha: 0.5, f: 0, evals: 1 });
  });
  it('fails (without throwing) on a function unbounded below along p', () => {
    const obj = new CountedObjective({
      dim: 1,
      value: (x) => -x[0]!,
      valueAndGrad: (x, g) => {
        g[0] = -1;
        return -x[0]!;
      },
      hvp: (_x, _v, o) => {
        o[0] = 0;
      },
    });
    const lf = new LineFunction(obj, 1);
    lf.reset(Float64Array.of(0), Float64Array.of(1));
    const r = strongWolfe(lf, 0, -1, 1, WOLFE_DEFAULTS);
    expect(r.ok).toBe(false);
  });
});

describe('Armijo backtracking', () => {
  it('returned steps satisfy sufficient decrease (property)', () => {
    fc.assert(
      fc.property(arbLine, ({ k, xs, alpha1 }) => {
        const { f0, d0, lf } = setup(k, xs);
        if (!(d0 < -1e-12)) return;
        const r = armijo(lf, f0, d0, alpha1, { c1: 1e-4, rho: 0.5, maxEvals: 200 });
        expect(r.ok).toBe(true);
        expect(r.f).toBeLessThanOrEqual(f0 + 1e-4 * r.alpha * d0);
        expect(r.alpha).toBeLessThanOrEqual(alpha1);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe('exact line search', () => {
  it('lands on the minimiser along p of a quadratic (φ′ = 0 there)', () => {
    // f = ½ xᵀAx − bᵀx with A = [[3, 1], [1, 2]], b = (1, 1), from x = 0 along p = b:
    // α* = pᵀb / pᵀAp = 2 / 7
    const A = [3, 1, 1, 2];
    const obj = new CountedObjective({
      dim: 2,
      value: () => 0,
      valueAndGrad: (x, g) => {
        g[0] = A[0]! * x[0]! + A[1]! * x[1]! - 1;
        g[1] = A[2]! * x[0]! + A[3]! * x[1]! - 1;
        return 0.5 * (x[0]! * (g[0]! + 1) + x[1]! * (g[1]! + 1)) - x[0]! - x[1]!;
      },
      hvp: (_x, v, o) => {
        o[0] = A[0]! * v[0]! + A[1]! * v[1]!;
        o[1] = A[2]! * v[0]! + A[3]! * v[1]!;
      },
    });
    const lf = new LineFunction(obj, 2);
    lf.reset(Float64Array.of(0, 0), Float64Array.of(1, 1));
    const r = exactQuadratic(lf, 0, -2, new Float64Array(2), { c1: 1e-4, rho: 0.5, maxEvals: 30 });
    expect(r.ok).toBe(true);
    expect(r.alpha).toBeCloseTo(2 / 7, 15);
    expect(Math.abs(lf.dphi)).toBeLessThan(1e-15);
    expect([obj.nfev, obj.nhvp]).toEqual([1, 1]);
  });
});
