import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { lanczosExtremes } from './extremes.js';
import { hessianOperator } from './operator.js';
import { powerExtremes, powerIteration } from './power.js';
import { diagObjective } from './testUtil.js';

describe('power iteration', () => {
  it('finds the dominant eigenvalue of a diagonal Hessian, and with a shift the other end', () => {
    const d = [-3, -1, 0.5, 2, 10];
    const op = hessianOperator(diagObjective(d), new Float64Array(5));
    const a = powerIteration(op, { rng: new Rng(1) });
    expect(a.converged).toBe(true);
    expect(a.eigenvalue).toBeCloseTo(10, 9);
    const b = powerIteration(op, { shift: 10, rng: new Rng(1) });
    expect(b.eigenvalue).toBeCloseTo(-3, 9);
    expect(Math.abs(b.vector[0]!)).toBeCloseTo(1, 6);
  });

  it('powerExtremes agrees with Lanczos, with more products', () => {
    // −4 … 4 evenly, with outliers 9 and −6 (ratios 4/9 and 13/15 set power iteration's speed)
    const d = Float64Array.from({ length: 60 }, (_, i) =>
      i === 7 ? 9 : i === 30 ? -6 : -4 + (8 * i) / 59,
    );
    const op = hessianOperator(diagObjective(d), new Float64Array(60));
    const p = powerExtremes(op, { rng: new Rng(3), tol: 1e-9, maxIter: 20000 });
    const l = lanczosExtremes(op, { rng: new Rng(3) });
    expect(p.converged).toBe(true);
    expect(p.largest).toBeCloseTo(l.largest[0]!, 6);
    expect(p.smallest).toBeCloseTo(l.smallest[0]!, 6);
    expect(l.matvecs).toBeLessThan(p.matvecs);
  });

  it('rejects bad options', () => {
    const op = hessianOperator(diagObjective([1, 2]), new Float64Array(2));
    expect(() => powerIteration(op, { maxIter: 0 })).toThrow(/maxIter/);
    expect(() => powerIteration(op, { shift: Number.NaN })).toThrow(/shift/);
  });
});
