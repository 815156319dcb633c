import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bowl, rosenbrock } from '../objectives/testFunctions.js';
import { METHODS, type MinimizeOptions, minimize } from '../solvers/minimize.js';
import {
  methodAndOptionsSchema,
  methodSchema,
  minimizeSpecSchema,
  optionSchemas,
  toMinimizeOptions,
} from './solver.js';

describe('minimize spec schemas', () => {
  it('fills every default of the method, with or without options', () => {
    const bfgsDefaults = {
      gtol: 1e-6,
      ftol: 0,
      xtol: 0,
      maxIter: 1000,
      lineSearch: 'more-thuente',
      c1: 1e-4,
      c2: 0.9,
      rho: 0.5,
      maxLineSearch: 30,
      initialScaling: false,
      initialStep: 'decrease',
    };
    expect(methodAndOptionsSchema.parse({ method: 'bfgs' })).toEqual({
      method: 'bfgs',
      options: bfgsDefaults,
    });
    const cg = methodAndOptionsSchema.parse({ method: 'cg', options: { beta: 'fr', gtol: 1e-8 } });
    expect(cg.options).toMatchObject({ gtol: 1e-8, maxIter: 1000, beta: 'fr', c2: 0.4 });
    // filled from the problem by the method, so absent here
    expect(cg.options).not.toHaveProperty('restartEvery');
  });
  it('has the defaults the library applies (one schema): same run with the filled spec as with {}', () => {
    for (const method of METHODS) {
      const spec = methodAndOptionsSchema.parse({ method });
      const a = minimize(rosenbrock(2), [-1.2, 1], toMinimizeOptions(spec.method, spec.options));
      const b = minimize(rosenbrock(2), [-1.2, 1], { method } as MinimizeOptions);
      expect([a.nit, a.nfev, a.fun], method).toEqual([b.nit, b.nfev, b.fun]);
    }
  });
  it('rejects unknown fields, other methods’ options and out-of-range values', () => {
    expect(methodAndOptionsSchema.safeParse({ method: 'cg', options: { memory: 3 } }).success).toBe(
      false,
    );
    expect(
      methodAndOptionsSchema.safeParse({ method: 'lbfgs', options: { memory: 0 } }).success,
    ).toBe(false);
    expect(methodAndOptionsSchema.safeParse({ method: 'bfgs', options: { c2: 1 } }).success).toBe(
      false,
    );
    expect(methodAndOptionsSchema.safeParse({ method: 'bfgs', extra: 1 }).success).toBe(false);
    // the relations the library checks: c1 < c2
    expect(
      methodAndOptionsSchema.safeParse({ method: 'bfgs', options: { c1: 0.5, c2: 0.4 } }).success,
    ).toBe(false);
    // a JSON spec has no callback
    expect(optionSchemas.gd.safeParse({ callback: 'x' }).success).toBe(false);
    expect(methodSchema.safeParse('adam').success).toBe(false);
    const full = minimizeSpecSchema(z.strictObject({ name: z.literal('bowl') }));
    expect(
      full.safeParse({ problem: { name: 'bowl' }, x0: [1, 2], method: 'gd', extra: 1 }).success,
    ).toBe(false);
    expect(full.parse({ problem: { name: 'bowl' }, x0: [1, 2], method: 'gd' }).options).toEqual(
      optionSchemas.gd.parse({}),
    );
  });
  it('every method has a schema, and parsed options are accepted by minimize', () => {
    expect(Object.keys(optionSchemas).sort()).toEqual([...METHODS].sort());
    for (const method of METHODS) {
      const spec = methodAndOptionsSchema.parse({ method, options: { maxIter: 3 } });
      const r = minimize(bowl, [1, 1], toMinimizeOptions(spec.method, spec.options));
      expect(r.nit).toBeLessThanOrEqual(3);
    }
  });
});
