import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bowl } from '../objectives/testFunctions.js';
import { METHODS, minimize } from '../solvers/minimize.js';
import {
  methodAndOptionsSchema,
  methodSchema,
  minimizeSpecSchema,
  optionSchemas,
  toMinimizeOptions,
} from './solver.js';

describe('minimize spec schemas', () => {
  it('fills gtol 1e-6 and maxIter 1000, with or without options', () => {
    expect(methodAndOptionsSchema.parse({ method: 'bfgs' })).toEqual({
      method: 'bfgs',
      options: { gtol: 1e-6, maxIter: 1000 },
    });
    expect(
      methodAndOptionsSchema.parse({ method: 'cg', options: { beta: 'fr', gtol: 1e-8 } }),
    ).toEqual({
      method: 'cg',
      options: { gtol: 1e-8, maxIter: 1000, beta: 'fr' },
    });
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
    expect(methodSchema.safeParse('adam').success).toBe(false);
    const full = minimizeSpecSchema(z.strictObject({ name: z.literal('bowl') }));
    expect(
      full.safeParse({ problem: { name: 'bowl' }, x0: [1, 2], method: 'gd', extra: 1 }).success,
    ).toBe(false);
    expect(full.parse({ problem: { name: 'bowl' }, x0: [1, 2], method: 'gd' }).options).toEqual({
      gtol: 1e-6,
      maxIter: 1000,
    });
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
