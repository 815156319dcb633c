import { describe, expect, it } from 'vitest';
import { compileSpace, decode, features, type SearchSpace, toUnit } from './space.js';

const space: SearchSpace = {
  lr: { type: 'loguniform', low: 1e-6, high: 1e-2 },
  momentum: { type: 'uniform', low: 0, high: 0.99 },
  layers: { type: 'int', low: 1, high: 4 },
  opt: { type: 'categorical', choices: ['sgd', 'adam'] },
  beta2: { type: 'uniform', low: 0.9, high: 0.999, condition: { parent: 'opt', values: ['adam'] } },
};

describe('search space', () => {
  const cs = compileSpace(space);

  it('decodes the cube: ends, log warp, integer bins, categories', () => {
    const lo = decode(cs, [0, 0, 0, 0, 0]);
    expect(lo).toEqual({ lr: 1e-6, momentum: 0, layers: 1, opt: 'sgd' });
    const hi = decode(cs, [1, 1, 1, 1, 1]);
    expect(hi.lr).toBeCloseTo(1e-2, 15);
    expect(hi).toMatchObject({ momentum: 0.99, layers: 4, opt: 'adam', beta2: 0.999 });
    // Log-uniform: the middle of the cube is the geometric mean 10^-4.
    expect(decode(cs, [0.5, 0, 0, 0, 0]).lr).toBeCloseTo(1e-4, 15);
    // Four integers get four equal bins: u ∈ [0.25, 0.5) → 2.
    expect(decode(cs, [0, 0, 0.3, 0, 0]).layers).toBe(2);
    expect(decode(cs, [0, 0, 0.49, 0, 0]).layers).toBe(2);
    expect(decode(cs, [0, 0, 0.5, 0, 0]).layers).toBe(3);
  });

  it('omits inactive conditional parameters', () => {
    expect('beta2' in decode(cs, [0.1, 0.1, 0.1, 0.2, 0.7])).toBe(false);
    expect(decode(cs, [0.1, 0.1, 0.1, 0.7, 0.5]).beta2).toBeCloseTo(0.9495, 12);
  });

  it('toUnit is a right inverse of decode', () => {
    for (const u of [
      [0.1, 0.2, 0.3, 0.9, 0.4],
      [0.77, 0.5, 0.99, 0.1, 0.6],
    ]) {
      const p = decode(cs, u);
      const back = decode(cs, toUnit(cs, p));
      expect(back.lr as number).toBeCloseTo(p.lr as number, 12);
      expect({ ...back, lr: 0 }).toEqual({ ...p, lr: 0 });
    }
  });

  it('features: continuous in [0, 1], one-hot categories, 0.5 for inactive', () => {
    expect(cs.featureDim).toBe(6);
    const f = features(
      cs,
      { lr: 1e-4, momentum: 0.495, layers: 4, opt: 'sgd' },
      new Float64Array(6),
    );
    expect(f[0]).toBeCloseTo(0.5, 12);
    expect(f[1]).toBeCloseTo(0.5, 12);
    expect(Array.from(f.slice(2))).toEqual([1, 1, 0, 0.5]);
  });

  it('log-scaled integers round in log space', () => {
    const c = compileSpace({ units: { type: 'int', low: 1, high: 1000, log: true } });
    const vals = Array.from({ length: 101 }, (_, i) => decode(c, [i / 100]).units as number);
    expect(vals[0]).toBe(1);
    expect(vals[100]).toBe(1000);
    expect(vals.every((v, i) => i === 0 || v >= vals[i - 1]!)).toBe(true);
    // Geometric middle of [0.5, 1000.5] is √500.25 ≈ 22.4 → 22.
    expect(vals[50]).toBe(22);
  });

  it('rejects bad specifications, naming the parameter', () => {
    expect(() => compileSpace({ a: { type: 'uniform', low: 1, high: 1 } })).toThrow(
      /"a".*low < high/,
    );
    expect(() => compileSpace({ a: { type: 'loguniform', low: 0, high: 1 } })).toThrow(
      /"a".*low > 0/,
    );
    expect(() => compileSpace({ a: { type: 'int', low: 0.5, high: 3 } })).toThrow(/"a".*integer/);
    expect(() => compileSpace({ a: { type: 'categorical', choices: [] } })).toThrow(/"a"/);
    expect(() =>
      compileSpace({
        b: { type: 'uniform', low: 0, high: 1, condition: { parent: 'a', values: [1] } },
        a: { type: 'categorical', choices: [1, 2] },
      }),
    ).toThrow(/"b".*declared before/);
  });
});
