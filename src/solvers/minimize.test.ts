import { describe, expect, it } from 'vitest';
import {
  beale,
  bowl,
  himmelblau,
  powell,
  quadratic,
  rosenbrock,
} from '../objectives/testFunctions.js';
import type { Objective } from '../objectives/types.js';
import { OptionError } from '../options/index.js';
import { coordinateDescent } from './coordinateDescent.js';
import { CountedObjective } from './counted.js';
import { MESSAGES } from './messages.js';
import { METHODS, type MinimizeOptions, minimize, NO_LINE_SEARCH } from './minimize.js';
import { infNorm } from './result.js';

describe('minimize: one result shape for every method', () => {
  for (const method of METHODS) {
    it(`${method} minimises Himmelblau and Beale with the common result fields`, () => {
      for (const [obj, x0] of [
        [himmelblau, [1, 1]],
        [beale, [1, 1]],
      ] as const) {
        const r = minimize(obj, x0, { method, maxIter: 20000 });
        expect(Object.keys(r).sort()).toEqual(
          [
            'fun',
            'grad',
            'message',
            'nfev',
            'ngev',
            'nhvp',
            'nit',
            'status',
            'success',
            'x',
          ].sort(),
        );
        expect(r.success).toBe(true);
        expect(r.message).toBe(MESSAGES.gtol);
        expect(infNorm(r.grad)).toBeLessThanOrEqual(1e-6);
        expect(r.fun).toBeLessThan(1e-9); // both have minimum value 0
        // the reported gradient is ∇f at the reported x
        const g = new Float64Array(2);
        expect(obj.valueAndGrad(r.x, g)).toBe(r.fun);
        expect(Array.from(g)).toEqual(Array.from(r.grad));
      }
    });
  }
  for (const method of METHODS.filter((m) => !NO_LINE_SEARCH.includes(m))) {
    it(`${method} with the Moré–Thuente line search minimises Himmelblau and Beale`, () => {
      for (const [obj, x0] of [
        [himmelblau, [1, 1]],
        [beale, [1, 1]],
      ] as const) {
        const r = minimize(obj, x0, {
          method,
          lineSearch: 'more-thuente',
          maxIter: 20000,
        } as MinimizeOptions);
        expect(r.status).toBe('gtol');
        expect(infNorm(r.grad)).toBeLessThanOrEqual(1e-6);
        expect(r.fun).toBeLessThan(1e-9);
      }
    });
  }
  it('counts through one wrapper: valueAndGrad once in nfev and ngev, value in nfev only', () => {
    const c = new CountedObjective(bowl);
    const x = Float64Array.of(1, 2);
    c.valueAndGrad(x, new Float64Array(2));
    c.value(x);
    c.hvp(x, x, new Float64Array(2));
    expect([c.nfev, c.ngev, c.nhvp]).toEqual([2, 1, 1]);
  });
  it('counts match a counter of our own around the objective', () => {
    let nf = 0;
    let ng = 0;
    let nh = 0;
    const base = rosenbrock(3);
    const spy: Objective = {
      dim: 3,
      value(x) {
        nf++;
        return base.value(x);
      },
      valueAndGrad(x, g) {
        nf++;
        ng++;
        return base.valueAndGrad(x, g);
      },
      hvp(x, v, o) {
        nh++;
        base.hvp(x, v, o);
      },
      ggnvp(x: Float64Array, v: Float64Array, o: Float64Array) {
        nh++;
        base.ggnvp(x, v, o);
      },
    } as Objective;
    for (const method of METHODS) {
      nf = ng = nh = 0;
      const r = minimize(spy, [-1, 1, 1], { method, maxIter: 50 });
      expect([r.nfev, r.ngev, r.nhvp]).toEqual([nf, ng, nh]);
    }
  });
  it('the callback sees every iteration and can stop the run', () => {
    const seen: number[] = [];
    const r = minimize(rosenbrock(2), [-1.2, 1], {
      method: 'bfgs',
      callback: (info) => {
        seen.push(info.nit);
        return info.nit === 3 ? 'stop' : undefined;
      },
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(r.nit).toBe(3);
    expect(r.status).toBe('callback');
    expect(r.success).toBe(false);
  });
  it('stops on maxIter, maxFev, ftol and xtol with the table messages', () => {
    const f = rosenbrock(2);
    const a = minimize(f, [-1.2, 1], { method: 'gd', maxIter: 5 });
    expect([a.status, a.nit, a.message]).toEqual(['maxIter', 5, MESSAGES.maxIter]);
    const b = minimize(f, [-1.2, 1], { method: 'gd', maxFev: 10 });
    expect(b.status).toBe('maxFev');
    expect(b.nfev).toBeGreaterThanOrEqual(10);
    const c = minimize(f, [-1.2, 1], { method: 'gd', ftol: 1e-3 });
    expect(c.status).toBe('ftol');
    const d = minimize(f, [-1.2, 1], { method: 'gd', xtol: 1e-3 });
    expect(d.status).toBe('xtol');
  });
  it('stops at once when x0 is already stationary', () => {
    const r = minimize(bowl, [0, 0], { method: 'lbfgs' });
    expect([r.nit, r.nfev, r.status, r.success]).toEqual([0, 1, 'gtol', true]);
  });
  it('a failed line search ends the run with success false and a message, not an exception', () => {
    // f(x) = −x is unbounded below: no step satisfies the strong Wolfe conditions
    const linear: Objective = {
      dim: 1,
      value: (x) => -x[0]!,
      valueAndGrad(x, g) {
        g[0] = -1;
        return -x[0]!;
      },
      hvp: (_x, _v, o) => void (o[0] = 0),
    };
    const r = minimize(linear, [0], { method: 'bfgs' });
    expect(r.success).toBe(false);
    expect(r.status).toBe('lineSearch');
    expect(r.message).toBe(MESSAGES.lineSearch);
    expect(r.fun).toBeLessThan(0); // it moved to the best point found
  });
  it('reports NaN objectives as nonFinite', () => {
    const bad: Objective = { ...bowl, valueAndGrad: () => Number.NaN };
    const r = minimize(bad, [1, 1], { method: 'cg' });
    expect(r.status).toBe('nonFinite');
    expect(r.success).toBe(false);
  });
  it('validates options once, naming the option, value and range', () => {
    const m = (o: object) => () => minimize(bowl, [1, 1], o as never);
    expect(m({ method: 'adam' })).toThrow(/method must be one of gd, cg, bfgs.*got adam/);
    expect(m({ method: 'bfgs', gtol: -1 })).toThrow(
      'bfgs: option gtol must be a number ≥ 0, got -1',
    );
    expect(m({ method: 'lbfgs', memory: 2.5 })).toThrow(
      'lbfgs: option memory must be an integer, got 2.5',
    );
    expect(m({ method: 'bfgs', c1: 0.5, c2: 0.1 })).toThrow(
      'bfgs: option c2 must be a number > c1 = 0.5, got 0.1',
    );
    expect(m({ method: 'bfgs', memory: 3 })).toThrow('bfgs: unknown option memory');
    expect(m({ method: 'bfgs', gtoll: 1e-8 })).toThrow(
      'bfgs: unknown option gtoll (did you mean gtol?)',
    );
    expect(m({ method: 'newton', lineSearch: 'exact' })).toThrow(
      'newton: option lineSearch must be one of wolfe, more-thuente, armijo, none, got "exact"',
    );
    expect(m({ method: 'gd', maxIter: -1 })).toThrow(
      'gd: option maxIter must be an integer ≥ 0 or Infinity, got -1',
    );
    expect(m({ method: 'trust-ncg', initialTrustRadius: 2, maxTrustRadius: 1 })).toThrow(
      'trust-ncg: option maxTrustRadius must be a number ≥ initialTrustRadius = 2, got 1',
    );
    expect(m({ method: 'gd', callback: 3 })).toThrow(
      'gd: option callback must be a function, got 3',
    );
    expect(m({ method: 'gd', callback: 3 })).toThrow(OptionError);
    expect(() => minimize(bowl, [1], { method: 'gd' })).toThrow(
      /x0 must have the objective's dimension 2/,
    );
  });
});

describe('gradient descent and coordinate descent', () => {
  it('gd with a fixed step follows x ← x − εg exactly (bowl, two steps by hand)', () => {
    // bowl ∇f = (x/10, 2y); from (10, 1), ε = 0.1: (10 − 0.1·1, 1 − 0.1·2) = (9.9, 0.8),
    // then (9.9 − 0.099, 0.8 − 0.16) = (9.801, 0.64)
    const r = minimize(bowl, [10, 1], { method: 'gd', lineSearch: 'none', step: 0.1, maxIter: 2 });
    expect(r.x[0]).toBeCloseTo(9.801, 14);
    expect(r.x[1]).toBeCloseTo(0.64, 14);
    expect(r.nfev).toBe(3);
  });
  for (const lineSearch of ['armijo', 'wolfe', 'more-thuente', 'exact'] as const) {
    it(`gd with ${lineSearch} line search minimises the bowl`, () => {
      const r = minimize(bowl, [10, 1], { method: 'gd', lineSearch, maxIter: 5000 });
      expect(r.success).toBe(true);
    });
  }
  it('exact cyclic coordinate descent is Gauss–Seidel on a quadratic', () => {
    // A = [[4, 1], [1, 3]], b = (1, 2), x0 = 0: x1 = b1/4 = 0.25, then x2 = (2 − 0.25)/3 = 0.58333…
    const r = coordinateDescent(quadratic([4, 1, 1, 3], [1, 2]), [0, 0], {
      lineSearch: 'exact',
      maxIter: 1,
    });
    expect(r.x[0]).toBeCloseTo(0.25, 14);
    expect(r.x[1]).toBeCloseTo(1.75 / 3, 14);
  });
  it('coordinate descent: random order is reproducible from the seed; blocks work', () => {
    const a = coordinateDescent(powell, [3, -1, 0, 1], { order: 'random', seed: 4, maxIter: 20 });
    const b = coordinateDescent(powell, [3, -1, 0, 1], { order: 'random', seed: 4, maxIter: 20 });
    const c = coordinateDescent(powell, [3, -1, 0, 1], { order: 'random', seed: 5, maxIter: 20 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    // blocks of 2 on a 4-D quadratic (A tridiagonal 4, 1; b = 1): converges to A⁻¹b
    const A = [4, 1, 0, 0, 1, 4, 1, 0, 0, 1, 4, 1, 0, 0, 1, 4];
    for (const lineSearch of ['wolfe', 'exact'] as const) {
      const r = coordinateDescent(quadratic(A, [1, 1, 1, 1]), [0, 0, 0, 0], {
        blockSize: 2,
        lineSearch,
      });
      expect(r.success).toBe(true);
      // solution by symmetry x1 = x4 = a, x2 = x3 = c: 4a + c = 1, a + 5c = 1 → a = 4/19, c = 3/19
      expect(Array.from(r.x).map((v) => v * 19)).toEqual(
        [4, 3, 3, 4].map((v) => expect.closeTo(v, 4)),
      );
    }
    expect(() => coordinateDescent(bowl, [1, 1], { blockSize: 3 })).toThrow(
      'coordinate-descent: option blockSize must be a number ≤ 2 (the dimension), got 3',
    );
  });
});

describe('callback', () => {
  it('sees every iteration, the last one included', async () => {
    const { minimize } = await import('./minimize.js');
    const { rosenbrock } = await import('../objectives/testFunctions.js');
    const seen: number[] = [];
    const r = minimize(rosenbrock(2), Float64Array.from([-1.2, 1]), {
      method: 'bfgs',
      callback: (info) => {
        seen.push(info.nit);
      },
    });
    expect(seen).toEqual(Array.from({ length: r.nit }, (_, i) => i + 1));
  });
  it("stops on 'stop' only: any other value lets the run go on", () => {
    const truthy = minimize(rosenbrock(2), [-1.2, 1], {
      method: 'bfgs',
      callback: (() => true) as never,
    });
    expect(truthy.status).toBe('gtol');
    const stopped = minimize(rosenbrock(2), [-1.2, 1], { method: 'bfgs', callback: () => 'stop' });
    expect([stopped.status, stopped.nit]).toEqual(['callback', 1]);
  });
});

describe('objectives without hvp', () => {
  // Rosenbrock with value and gradient only
  const { hvp: _, ggnvp: __, ...gradientOnly } = rosenbrock(2);
  const f: Objective = gradientOnly;
  it('gradient-only methods run on them and give the same result', () => {
    for (const method of ['gd', 'cg', 'bfgs', 'lbfgs', 'coordinate-descent'] as const) {
      const a = minimize(f, [-1.2, 1], { method, maxIter: 200 });
      const b = minimize(rosenbrock(2), [-1.2, 1], { method, maxIter: 200 });
      expect(Array.from(a.x), method).toEqual(Array.from(b.x));
      expect([a.nfev, a.nhvp], method).toEqual([b.nfev, 0]);
    }
  });
  it('the methods that need hvp fail at their entry naming the method', () => {
    for (const method of ['newton', 'newton-cg', 'trust-ncg', 'trust-krylov'] as const) {
      expect(() => minimize(f, [-1.2, 1], { method }), method).toThrow(
        `${method}: the objective has no hvp (Hessian-vector product), which ${method} needs`,
      );
    }
    expect(() => minimize(f, [-1.2, 1], { method: 'bfgs', lineSearch: 'exact' })).toThrow(
      "bfgs: the objective has no hvp (Hessian-vector product), which lineSearch 'exact' needs",
    );
  });
});
