import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beale, himmelblau, rosenbrock } from '../../objectives/testFunctions.js';
import type { Objective } from '../../objectives/types.js';
import { CountedObjective } from '../counted.js';
import { armijo } from './armijo.js';
import { type MtInterval, mtStep } from './dcstep.js';
import { exactQuadratic } from './exact.js';
import { cubicMin, quadMin, secantMin } from './interpolate.js';
import { moreThuente } from './moreThuente.js';
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

const wolfeSearches = { 'nocedal-wright zoom': strongWolfe, 'more-thuente': moreThuente };

/** φ(α) = f(x − α g) for f = x² from x = 1: φ(α) = (1 − 2α)², φ(0) = 1, φ'(0) = −4. */
function bowlLine() {
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
  return lf;
}

/** φ(α) = f(α) for f = −x from x = 0 along p = 1: unbounded below, φ' = −1 everywhere. */
function unboundedLine() {
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
  return lf;
}

for (const [name, search] of Object.entries(wolfeSearches)) {
  describe(`strong Wolfe line search (${name})`, () => {
    it('returned steps satisfy the strong Wolfe conditions (property)', () => {
      fc.assert(
        fc.property(arbLine, ({ k, xs, alpha1, c2 }) => {
          const { f0, d0, lf, obj } = setup(k, xs);
          if (!(d0 < -1e-12)) return;
          const r = search(lf, f0, d0, alpha1, { ...WOLFE_DEFAULTS, c2, maxEvals: 60 });
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
          expect(r.f).toBe(fa);
          expect(isStrongWolfe(r.alpha, fa, da, f0, d0, 1e-4, c2)).toBe(true);
          expect(obj.nfev).toBe(r.evals + 1); // + the evaluation at x in setup
        }),
        { numRuns: 200, seed: 7 },
      );
    });
    it('accepts the first trial when it already satisfies the conditions (one evaluation)', () => {
      // α = 0.5 is the exact minimiser of φ(α) = (1 − 2α)²
      const r = search(bowlLine(), 1, -4, 0.5, WOLFE_DEFAULTS);
      expect(r).toEqual({ ok: true, alpha: 0.5, f: 0, evals: 1 });
    });
    it('fails (without throwing) on a function unbounded below along p, at a decreased point', () => {
      const lf = unboundedLine();
      const r = search(lf, 0, -1, 1, WOLFE_DEFAULTS);
      expect(r.ok).toBe(false);
      // φ holds the point it hands back (φ(α) = −α < 0 = φ(0)), for the solver to move there
      expect(r.alpha).toBeGreaterThan(0);
      expect(lf.alpha).toBe(r.alpha);
      expect(r.f).toBe(-r.alpha);
    });
  });
}

describe('Moré–Thuente search', () => {
  it('backs off from a non-finite trial and still returns a strong Wolfe step', () => {
    // f(x) = x² for x < 10, NaN beyond; from x = 1 along p = −g = −2 the trial α = 20
    // lands at x = −39 (NaN); the search must come back inside
    const nanBeyond = (x: number) => (x < -10 ? Number.NaN : x * x);
    const obj = new CountedObjective({
      dim: 1,
      value: (x) => nanBeyond(x[0]!),
      valueAndGrad: (x, g) => {
        g[0] = x[0]! < -10 ? Number.NaN : 2 * x[0]!;
        return nanBeyond(x[0]!);
      },
      hvp: (_x, v, o) => {
        o[0] = 2 * v[0]!;
      },
    });
    const lf = new LineFunction(obj, 1);
    lf.reset(Float64Array.of(1), Float64Array.of(-2));
    const r = moreThuente(lf, 1, -4, 20, WOLFE_DEFAULTS);
    expect(r.ok).toBe(true);
    expect(isStrongWolfe(r.alpha, lf.f, lf.dphi, 1, -4, 1e-4, 0.9)).toBe(true);
  });
  it('on a quadratic φ, the second trial is the exact minimiser (cubic and quadratic steps agree)', () => {
    // φ(α) = (1 − 2α)² from α1 = 2: φ(2) = 9 > φ(0) (case 1); the interpolants are exact, so
    // trial 2 is α = 0.5 with φ = 0, φ' = 0
    const lf = bowlLine();
    const r = moreThuente(lf, 1, -4, 2, WOLFE_DEFAULTS);
    expect(r.ok).toBe(true);
    expect(r.alpha).toBeCloseTo(0.5, 14);
    expect(r.evals).toBe(2);
  });
});

describe('mtStep (one safeguarded Moré–Thuente step)', () => {
  const interval = (stx: number, fx: number, dx: number): MtInterval => ({
    stx,
    fx,
    dx,
    sty: stx,
    fy: fx,
    dy: dx,
    bracketed: false,
  });
  // φ(α) = (α − 0.3)²: φ(0) = 0.09, φ'(0) = −0.6
  it('case 1 (higher φ): brackets [stx, stp] and steps to the interpolated minimiser', () => {
    // trial α = 1: φ = 0.49, φ' = 1.4. Cubic and quadratic minimisers are both 0.3, so
    // their average (taken when the cubic is not the closer one) is 0.3 too
    const I = interval(0, 0.09, -0.6);
    expect(mtStep(I, 1, 0.49, 1.4, 0, 5)).toBeCloseTo(0.3, 14);
    expect(I).toEqual({ stx: 0, fx: 0.09, dx: -0.6, sty: 1, fy: 0.49, dy: 1.4, bracketed: true });
  });
  it('case 2 (lower φ, slope changes sign): brackets [stp, stx] with stp the new best', () => {
    // trial α = 0.5: φ = 0.04, φ' = 0.4; secant 0.5 − 0.4·0.5/(0.4 + 0.6) = 0.3
    const I = interval(0, 0.09, -0.6);
    expect(mtStep(I, 0.5, 0.04, 0.4, 0, 5)).toBeCloseTo(0.3, 14);
    expect(I).toEqual({ stx: 0.5, fx: 0.04, dx: 0.4, sty: 0, fy: 0.09, dy: -0.6, bracketed: true });
  });
  it('case 3 (lower φ, slope shrinking): extrapolates, at least to the lower bound', () => {
    // φ(α) = (α − 2)², stx = 0 (φ 4, φ' −4), trial 1 (φ 1, φ' −2): the cubic (here the
    // quadratic) and the secant both give 2 (θ = 3·(1−4)/(0−1) − 6 = 3, γ = −1,
    // r = (−1 + 2 + 3)/(−2 + 2 − 4) = −1, 1 + (−1)(0 − 1) = 2); clamped to lo = 2.1
    const I = interval(0, 4, -4);
    expect(mtStep(I, 1, 1, -2, 2.1, 5)).toBeCloseTo(2.1, 14);
    expect(mtStep(interval(0, 4, -4), 1, 1, -2, 1.5, 5)).toBeCloseTo(2, 14);
    expect(I.bracketed).toBe(false);
    expect([I.stx, I.fx, I.dx]).toEqual([1, 1, -2]);
  });
  it('case 4 (lower φ, slope not shrinking, no bracket): jumps to the upper bound', () => {
    // φ(α) = −α − α²: φ(1) = −2, φ'(1) = −3, steeper than φ'(0) = −1
    const I = interval(0, 0, -1);
    expect(mtStep(I, 1, -2, -3, 2.1, 5)).toBe(5);
    expect([I.stx, I.fx, I.dx, I.bracketed]).toEqual([1, -2, -3, false]);
  });
  it('case 4 inside a bracket: the cubic minimiser through stp and sty', () => {
    // φ(α) = α³/3 − 1.5α² − α, φ' = α² − 3α − 1 (local minimum at (3 + √13)/2).
    // stx = 0 (φ 0, φ' −1), sty = 5.5 (φ 55/12, φ' 12.75), trial stp = 1 (φ −13/6, φ' −3):
    // lower φ, same sign, |φ'| grew. The cubic through stp and sty is φ itself.
    const phi = (a: number) => a ** 3 / 3 - 1.5 * a * a - a;
    const dphi = (a: number) => a * a - 3 * a - 1;
    const I: MtInterval = {
      stx: 0,
      fx: 0,
      dx: -1,
      sty: 5.5,
      fy: phi(5.5),
      dy: dphi(5.5),
      bracketed: true,
    };
    expect(mtStep(I, 1, phi(1), dphi(1), 0, 5.5)).toBeCloseTo((3 + Math.sqrt(13)) / 2, 12);
    expect([I.stx, I.fx, I.dx, I.sty]).toEqual([1, phi(1), -3, 5.5]);
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
