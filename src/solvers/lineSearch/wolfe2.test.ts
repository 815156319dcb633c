import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beale, himmelblau, rosenbrock } from '../../objectives/testFunctions.js';
import type { Objective } from '../../objectives/types.js';
import { CountedObjective } from '../counted.js';
import { LineFunction } from './phi.js';
import { isStrongWolfe } from './wolfe.js';
import { scipyWolfe2 } from './wolfe2.js';

const objectives: Objective[] = [rosenbrock(2), rosenbrock(5), beale, himmelblau];

function line(k: number, xs: number[]) {
  const obj = new CountedObjective(objectives[k]!);
  const n = obj.dim;
  const x = Float64Array.from(xs.slice(0, n));
  const g = new Float64Array(n);
  const f0 = obj.valueAndGrad(x, g);
  const p = g.map((v) => -v);
  const d0 = -g.reduce((s, v) => s + v * v, 0);
  const lf = new LineFunction(obj, n);
  lf.reset(x, p);
  return { obj, f0, d0, lf };
}

describe("scipyWolfe2 (SciPy's scalar_search_wolfe2)", () => {
  it('returns a strong Wolfe point that φ holds, counting f per trial and ∇f only where the slope was needed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: objectives.length - 1 }),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.constantFrom(0.1, 0.4, 0.9),
        (k, xs, alpha1, c2) => {
          const { obj, f0, d0, lf } = line(k, xs);
          if (!(d0 < -1e-8)) return;
          const r = scipyWolfe2(lf, f0, d0, alpha1, { c1: 1e-4, c2, alphaMax: 1e100 });
          if (!r.ok) return; // it may fail in 10 + 11 trials, as SciPy's
          expect(r.alpha).toBe(lf.alpha);
          // a strong Wolfe point, or (as SciPy) the last of ten doublings without a bracket
          if (!isStrongWolfe(r.alpha, lf.f, lf.dphi, f0, d0, 1e-4, c2)) expect(r.evals).toBe(11);
          expect(obj.nfev - 1).toBe(r.evals);
          expect(obj.ngev - 1).toBeLessThanOrEqual(r.evals);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
  it('goes on past a strong Wolfe point the extra condition rejects', () => {
    // φ(α) = (α − 2)² along x from 0: α = 1 is a strong Wolfe point for c2 = 0.9
    // (|φ'(1)| = 2 ≤ 3.6); rejected, the step doubles to α = 2 (φ' = 0)
    const q: Objective = {
      dim: 1,
      value: (x) => (x[0]! - 2) ** 2,
      valueAndGrad(x, g) {
        g[0] = 2 * (x[0]! - 2);
        return (x[0]! - 2) ** 2;
      },
      hvp: (_x, v, o) => void (o[0] = 2 * v[0]!),
    };
    const lf = new LineFunction(new CountedObjective(q), 1);
    lf.reset(Float64Array.of(0), Float64Array.of(1));
    const o = { c1: 1e-4, c2: 0.9, alphaMax: 1e100 };
    expect(scipyWolfe2(lf, 4, -4, 1, o)).toMatchObject({ ok: true, alpha: 1, evals: 1 });
    const r = scipyWolfe2(lf, 4, -4, 1, { ...o, extra: () => lf.alpha !== 1 });
    expect(r).toMatchObject({ ok: true, alpha: 2, f: 0, evals: 2 });
    expect(lf.dphi).toBe(0);
  });
});
