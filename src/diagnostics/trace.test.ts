import { describe, expect, it } from 'vitest';
import { quadratic } from '../objectives/index.js';
import { Rng } from '../random/index.js';
import { hessianOperator, maskedOperator } from './operator.js';
import { diagObjective, randomSymmetric } from './testUtil.js';
import { exactTrace, hessianTrace, hutchinsonTrace } from './trace.js';

describe('Hessian trace', () => {
  const n = 25;
  const A = randomSymmetric(n, new Rng(11));
  let trA = 0;
  for (let i = 0; i < n; i++) trA += A[i * n + i]!;
  const op = () => hessianOperator(quadratic(A, new Float64Array(n)), new Float64Array(n));

  it('exact trace uses n products and equals tr A', () => {
    const o = op();
    const t = exactTrace(o);
    expect(t.matvecs).toBe(n);
    expect(o.matvecs).toBe(n);
    expect(Math.abs(t.trace - trA)).toBeLessThan(1e-12);
    expect(hessianTrace(o).exact).toBe(true);
    expect(hessianTrace(o, { exactMaxDim: 10, probes: 7 }).matvecs).toBe(7);
  });

  it("Hutchinson's interval ±3 standard errors covers the true trace in ≥ 95% of seeded trials", () => {
    // For normal errors the coverage is 99.7%; with 30 probes (t-distribution) about 99.4%.
    const o = op();
    const trials = 300;
    let covered = 0;
    let sumZ2 = 0;
    for (let s = 0; s < trials; s++) {
      const t = hutchinsonTrace(o, { probes: 30, rng: new Rng(1000 + s) });
      const z = (t.trace - trA) / t.stdError;
      sumZ2 += z * z;
      if (Math.abs(z) <= 3) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.95);
    // and the errors are not absurdly over-estimated: mean z² near 1 (t₂₉: 29/27)
    expect(sumZ2 / trials).toBeGreaterThan(0.6);
    expect(sumZ2 / trials).toBeLessThan(1.6);
  });

  it('the standard error matches the theoretical variance 2Σ_{i≠j} A_ij² / p', () => {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off += A[i * n + j]! ** 2;
    const t = hutchinsonTrace(op(), { probes: 2000, rng: new Rng(5) });
    const want = Math.sqrt((2 * off) / 2000);
    expect(Math.abs(t.stdError / want - 1)).toBeLessThan(0.1);
  });

  it('is exact with zero variance on a diagonal Hessian (zᵀDz = tr D for ±1 entries)', () => {
    const t = hutchinsonTrace(
      hessianOperator(diagObjective([1, -2, 3.5, 7]), new Float64Array(4)),
      { probes: 5 },
    );
    expect(t.trace).toBe(9.5);
    expect(t.stdError).toBe(0);
  });

  it('block traces of a partition sum to the full trace (exact and in expectation)', () => {
    const full = op();
    const m1 = new Uint8Array(n).fill(1, 0, 10);
    const m2 = new Uint8Array(n).fill(1, 10, n);
    const t1 = exactTrace(maskedOperator(full, m1));
    const t2 = exactTrace(maskedOperator(full, m2));
    expect(t1.matvecs + t2.matvecs).toBe(n);
    expect(Math.abs(t1.trace + t2.trace - trA)).toBeLessThan(1e-12);
    let want1 = 0;
    for (let i = 0; i < 10; i++) want1 += A[i * n + i]!;
    expect(Math.abs(t1.trace - want1)).toBeLessThan(1e-12);
    const h1 = hutchinsonTrace(maskedOperator(full, m1), { probes: 400, rng: new Rng(8) });
    expect(Math.abs(h1.trace - want1)).toBeLessThan(4 * h1.stdError);
  });

  it('rejects bad options', () => {
    expect(() => hutchinsonTrace(op(), { probes: 0 })).toThrow(/probes/);
    expect(() => hessianTrace(op(), { exactMaxDim: -1 })).toThrow(/exactMaxDim/);
  });
});
