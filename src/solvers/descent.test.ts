import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bowl } from '../objectives/testFunctions.js';
import { parseOptions } from '../options/index.js';
import { type DescentSetup, type DescentState, type DirectionRule, descend } from './descent.js';
import {
  ALL_LINE_SEARCHES,
  lineSearchConfig,
  lineSearchShape,
  methodSchema,
  stoppingShape,
} from './options.js';

const schema = methodSchema({
  ...stoppingShape,
  lineSearch: z.enum(ALL_LINE_SEARCHES).default('none'),
  ...lineSearchShape(0.9),
});

function setup(input: z.input<typeof schema>): DescentSetup {
  const o = parseOptions('test', schema, input);
  return { where: 'test', common: o, ls: lineSearchConfig(o, o.lineSearch) };
}

/** p = −g with the given first trial step. */
function steepestRule(st: DescentState, alpha0: number): DirectionRule {
  return {
    direction() {
      let d0 = 0;
      for (let i = 0; i < st.n; i++) {
        st.p[i] = -st.g[i]!;
        d0 -= st.g[i]! * st.g[i]!;
      }
      st.d0 = d0;
      st.alpha0 = alpha0;
      return null;
    },
  };
}

// bowl: f = x²/20 + y², ∇f = (x/10, 2y). From (1, 1): f0 = 1/20 + 1 = 1.05, g0 = (0.1, 2).
describe('descend: the driver shared by the line-search methods', () => {
  it('with a fixed step is x ← x − αg, one evaluation per iteration', () => {
    // α = 0.25: x ← (1 − 0.025) x, y ← (1 − 0.5) y, so after k steps (0.975^k, 0.5^k)
    const r = descend(bowl, [1, 1], setup({ maxIter: 5 }), (st) => steepestRule(st, 0.25));
    expect(r.status).toBe('maxIter');
    expect([r.nit, r.nfev, r.ngev, r.nhvp]).toEqual([5, 6, 6, 0]);
    expect(r.x[0]).toBeCloseTo(0.975 ** 5, 14);
    expect(r.x[1]).toBeCloseTo(0.5 ** 5, 14);
    expect(r.fun).toBeCloseTo(0.975 ** 10 / 20 + 0.5 ** 10, 14);
    expect(r.grad[0]).toBeCloseTo(0.975 ** 5 / 10, 14);
  });

  it('calls update after each step with s = x₊ − x, y = g₊ − g, fPrev, f and nit', () => {
    const seen: number[][] = [];
    descend(bowl, [1, 1], setup({ maxIter: 1 }), (st) => ({
      ...steepestRule(st, 0.25),
      update() {
        seen.push([...st.s, ...st.y, st.fPrev, st.f, st.nit]);
      },
    }));
    // x₁ = (0.975, 0.5): s = (−0.025, −0.5); g₁ = (0.0975, 1): y = (−0.0025, −1);
    // f₁ = 0.975²/20 + 0.25 = 0.04753125 + 0.25
    const want = [-0.025, -0.5, -0.0025, -1, 1.05, 0.29753125, 1];
    expect(seen.length).toBe(1);
    for (let i = 0; i < want.length; i++) expect(seen[0]![i]).toBeCloseTo(want[i]!, 15);
  });

  it('stops before any search when direction returns a reason', () => {
    const r = descend(bowl, [1, 1], setup({}), () => ({ direction: () => 'notDescent' }));
    expect([r.status, r.success, r.nit, r.nfev]).toEqual(['notDescent', false, 0, 1]);
    expect(Array.from(r.x)).toEqual([1, 1]);
  });

  it("ends a failed search with the rule's failure reason, or retries once when asked", () => {
    // Armijo with one evaluation: α = 1000 overshoots (f ≈ 4·10⁶ > f0) and fails
    const o = { lineSearch: 'armijo', maxLineSearch: 1, maxIter: 2 } as const;
    const plain = descend(bowl, [1, 1], setup(o), (st) => steepestRule(st, 1000));
    expect([plain.status, plain.nit, plain.nfev]).toEqual(['lineSearch', 0, 2]);
    expect(Array.from(plain.x)).toEqual([1, 1]);
    const own = descend(bowl, [1, 1], setup(o), (st) => ({
      ...steepestRule(st, 1000),
      failure: 'nonFinite',
    }));
    expect(own.status).toBe('nonFinite');
    let retries = 0;
    const retried = descend(bowl, [1, 1], setup(o), (st) => ({
      ...steepestRule(st, 1000),
      retry() {
        retries++;
        st.alpha0 = 0.25; // f = 0.2975… ≤ f0 + c1·0.25·φ'(0): accepted
        return true;
      },
    }));
    // each iteration: a failed search, the retry, an accepted search
    expect([retried.status, retried.nit, retried.nfev, retries]).toEqual(['maxIter', 2, 5, 2]);
    expect(retried.x[1]).toBeCloseTo(0.25, 15);
  });

  it("moves to a failed search's best point when it lowered f, as one iteration", () => {
    // strong Wolfe with c2 tiny and two evaluations: both trials decrease f but
    // fail the curvature test, and the search ends on the second one
    const o = { lineSearch: 'wolfe', c2: 2e-4, maxLineSearch: 2 } as const;
    const r = descend(bowl, [1, 1], setup(o), (st) => steepestRule(st, 0.01));
    expect([r.status, r.nit, r.nfev]).toEqual(['lineSearch', 1, 3]);
    expect(r.fun).toBeLessThan(1.05);
    // x = (1, 1) − α (0.1, 2) for some α > 0
    const alpha = (1 - r.x[0]!) / 0.1;
    expect(alpha).toBeGreaterThan(0);
    expect(r.x[1]).toBeCloseTo(1 - 2 * alpha, 12);
  });
});
