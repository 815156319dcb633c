/**
 * Scale invariance (SciPy's `test_initial_step_scaling`, made stricter): on
 * f = s·(x − 1)² (a `quadratic` with A = [[2s]], b = [2s], so f = s(x − 1)² − s)
 * from x0 = −1 with gtol = s·1e-8, every method succeeds at every scale
 * s = 1e-50 … 1e50, in at most 3 iterations, and its first step has the same
 * length at every scale. Before the first steps were left uncapped and the
 * searches allowed steps up to 1e100, bfgs, cg, lbfgs and coordinate descent
 * stopped with "Line search failed" for s ≤ 1e-12 and gd ran out of iterations
 * for s ≤ 1e-18.
 */
import { describe, expect, it } from 'vitest';
import { quadratic } from '../objectives/testFunctions.js';
import type { Objective } from '../objectives/types.js';
import { METHODS, minimize } from './minimize.js';

const SCALES = Array.from({ length: 21 }, (_, i) => 10 ** (5 * i - 50));

/** The objective, recording the length of the first move away from x0 (as SciPy's test). */
function recorded(s: number): { objective: Objective; first: () => number } {
  const q = quadratic([2 * s], [2 * s]);
  let first = Number.NaN;
  const see = (x: Float64Array): void => {
    if (Number.isNaN(first) && x[0] !== -1) first = Math.abs(x[0]! + 1);
  };
  const objective: Objective = {
    ...q,
    value(x) {
      see(x);
      return q.value(x);
    },
    valueAndGrad(x, g) {
      see(x);
      return q.valueAndGrad(x, g);
    },
  };
  return { objective, first: () => first };
}

type Config = [label: string, method: (typeof METHODS)[number], extra: object];
/** Every method with its defaults, and CG's scale-free variant too. */
const CONFIGS: Config[] = [
  ...METHODS.map((m): Config => [m, m, {}]),
  ['cg restarts', 'cg', { variant: 'restarts' }],
];
/** Length of the first step at every scale (unit-length first steps; 1.01 for SciPy's rule). */
const FIRST: Record<string, number> = {
  gd: 1,
  cg: 1.01,
  'cg restarts': 1,
  bfgs: 1.01,
  lbfgs: 1,
  newton: 2,
  'newton-cg': 2,
  'coordinate-descent': 1,
  // the first trust region has radius Δ₀ = 1 (the Newton step, 2, is cut there)
  'trust-ncg': 1,
  'trust-krylov': 1,
  // Levenberg–Marquardt: (G + μ₀I)p = −g with μ₀ = 1e-3·ĝᵀGĝ, so |p| = 2/1.001
  'gauss-newton': 2 / 1.001,
  // Hessian-free: λ₀ = ĝᵀGĝ = G here, so |p| = 2/2 = 1
  'hessian-free': 1,
};
/**
 * CG's default is SciPy's own, which caps its trial step at α = 1 (so its first
 * step is 1.01 long only while ‖g_0‖₂ ≥ 1.01, here s ≥ ¼); below that its searches
 * must extrapolate, and at s ≲ 1e-20 the capped search fails once before optlab
 * drops the cap (see cg.ts). It still succeeds at every scale (in ≤ 10 iterations).
 */
const SCALE_FREE = (label: string, s: number): boolean => label !== 'cg' || s >= 1;
/**
 * Hessian-free starts with damping λ₀ = ĝᵀGĝ (scale-free, and cautious: its first
 * step is half the Newton step) and shrinks λ by 2/3 per good step, so it needs
 * about ten iterations here, the same at every scale.
 */
const MAX_IT: Record<string, number> = { 'hessian-free': 12 };

describe('every method succeeds on f = s(x − 1)² at every scale s = 1e-50 … 1e50', () => {
  for (const [label, method, extra] of CONFIGS) {
    it(label, () => {
      for (const s of SCALES) {
        const { objective, first } = recorded(s);
        const r = minimize(objective, [-1], { method, gtol: s * 1e-8, ...extra } as Parameters<
          typeof minimize
        >[2]);
        const at = `${label} at s = ${s}: ${r.message}`;
        expect(r.success, at).toBe(true);
        expect(Math.abs(r.x[0]! - 1), at).toBeLessThan(1e-8);
        expect(r.nit, at).toBeLessThanOrEqual(MAX_IT[label] ?? (SCALE_FREE(label, s) ? 3 : 10));
        if (SCALE_FREE(label, s)) {
          if (MAX_IT[label] === undefined) expect(r.nfev, at).toBeLessThanOrEqual(4);
          expect(first(), at).toBeCloseTo(FIRST[label]!, 12);
        }
      }
    });
  }
});

describe('a 3-d ill-conditioned quadratic: identical runs at every scale s = 2^k', () => {
  // f = s·(½ xᵀ diag(1, 10, 100) x − bᵀx). Multiplying by a power of two is exact in
  // floating point, so a scale-invariant method must make the very same run: same
  // counts, same bits of x. SciPy 1.10 fails this problem for s ≤ 2^-66 with BFGS, CG
  // ("precision loss") and L-BFGS-B (ABNORMAL_TERMINATION_IN_LNSRCH).
  const A = [1, 0, 0, 0, 10, 0, 0, 0, 100];
  const b = [1, -2, 3];
  const run = (method: (typeof METHODS)[number], s: number, extra: object = {}) =>
    minimize(
      quadratic(
        A.map((v) => v * s),
        b.map((v) => v * s),
      ),
      [0.5, 0.5, 0.5],
      { method, gtol: s * 1e-6, ...extra } as Parameters<typeof minimize>[2],
    );
  const EXPONENTS = [-166, -133, -66, 66, 133, 166];
  const exact: [(typeof METHODS)[number], object][] = [
    ['gd', {}],
    ['cg', { variant: 'restarts' }], // the default (SciPy's) caps its steps at α = 1
    ['lbfgs', {}],
    ['coordinate-descent', {}],
    // BFGS's default M_0 = I (SciPy's) has the scale of 1/H only when f's scale is 1:
    // with initialScaling M_0 = (yᵀs/yᵀy)·I it is invariant
    ['bfgs', { initialScaling: true }],
  ];
  for (const [method, extra] of exact) {
    it(`${method} ${JSON.stringify(extra)}: same counts and bits of x`, () => {
      const ref = run(method, 1, extra);
      expect(ref.success).toBe(true);
      for (const k of EXPONENTS) {
        const r = run(method, 2 ** k, extra);
        const at = `${method} at s = 2^${k}: ${r.message}`;
        expect(r.success, at).toBe(true);
        expect([r.nit, r.nfev, r.ngev], at).toEqual([ref.nit, ref.nfev, ref.ngev]);
        expect(Array.from(r.x), at).toEqual(Array.from(ref.x));
      }
    });
  }
  it('newton: same counts (its Cholesky takes √s, so x agrees to rounding)', () => {
    const ref = run('newton', 1);
    for (const k of EXPONENTS) {
      const r = run('newton', 2 ** k);
      expect([r.success, r.nit, r.nfev, r.nhvp]).toEqual([true, ref.nit, ref.nfev, ref.nhvp]);
      for (let i = 0; i < 3; i++) expect(r.x[i]).toBeCloseTo(ref.x[i]!, 14);
    }
  });
  it("newton-cg succeeds at every scale (its forcing term min(½, √‖g‖)‖g‖ is N&W's and SciPy's, not scale-free)", () => {
    for (const k of EXPONENTS) {
      const r = run('newton-cg', 2 ** k);
      expect(r.success, `newton-cg at s = 2^${k}: ${r.message}`).toBe(true);
      expect(r.nit).toBeLessThanOrEqual(3);
    }
  });
});
