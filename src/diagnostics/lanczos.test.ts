import { describe, expect, it } from 'vitest';
import { quadratic } from '../objectives/index.js';
import { Rng } from '../random/index.js';
import { lanczosExtremes } from './extremes.js';
import { lanczos } from './lanczos.js';
import { countedOperator, hessianOperator } from './operator.js';
import { diagObjective, jacobiEigenvalues, randomSymmetric } from './testUtil.js';

const zero = new Float64Array(0);

describe('lanczos', () => {
  it('builds an orthonormal basis with QᵀAQ = T on a random symmetric matrix', () => {
    const n = 30;
    const A = randomSymmetric(n, new Rng(1));
    const op = hessianOperator(quadratic(A, new Float64Array(n)), new Float64Array(n));
    const r = lanczos(op, { steps: 12, rng: new Rng(2) });
    expect(r.alpha.length).toBe(12);
    expect(op.matvecs).toBe(12);
    const aq = new Float64Array(n);
    for (let i = 0; i < 12; i++) {
      op.apply(r.basis[i]!, aq);
      for (let j = 0; j < 12; j++) {
        let qq = 0;
        let qaq = 0;
        for (let t = 0; t < n; t++) {
          qq += r.basis[i]![t]! * r.basis[j]![t]!;
          qaq += r.basis[j]![t]! * aq[t]!;
        }
        expect(Math.abs(qq - (i === j ? 1 : 0))).toBeLessThan(1e-13);
        const tij = i === j ? r.alpha[i]! : Math.abs(i - j) === 1 ? r.beta[Math.min(i, j)]! : 0;
        expect(Math.abs(qaq - tij)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('lanczosExtremes', () => {
  it('recovers the extremes of a diagonal Hessian with known spectrum', () => {
    // d = 1, 2, …, 400 with two outliers −5 and 1000: Hessian spectrum known exactly
    const d = Float64Array.from({ length: 400 }, (_, i) => i + 1);
    d[17] = -5;
    d[250] = 1000;
    const op = hessianOperator(diagObjective(d), new Float64Array(400));
    const r = lanczosExtremes(op, { k: 3, maxSteps: 150, rng: new Rng(4) });
    const sorted = Array.from(d).sort((a, b) => a - b);
    expect(r.converged).toBe(true);
    const top = sorted.slice(-3).reverse();
    const bottom = sorted.slice(0, 3);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(r.largest[i]! - top[i]!)).toBeLessThan(1e-8 * 1000);
      expect(Math.abs(r.smallest[i]! - bottom[i]!)).toBeLessThan(1e-8 * 1000);
      expect(r.largestResiduals[i]!).toBeLessThan(1e-10 * 1000 + 1e-12);
    }
    expect(r.matvecs).toBe(op.matvecs);
    // the first run converged within maxSteps; a second (deflated) one found no further copy
    expect(r.runs).toBe(2);
  });

  it('finds the whole spectrum, multiplicities included, when run to n steps', () => {
    const d = [4, 4, 4, -1, 0, 0, 2.5, 7];
    const op = hessianOperator(diagObjective(d), new Float64Array(8));
    const r = lanczosExtremes(op, { k: 8, rng: new Rng(0) });
    // the Krylov space of one vector has 5 dimensions: the copies come from deflated runs
    expect(r.runs).toBeGreaterThan(1);
    const want = [...d].sort((a, b) => a - b);
    for (let i = 0; i < 8; i++) expect(Math.abs(r.smallest[i]! - want[i]!)).toBeLessThan(1e-12);
    expect(r.matvecs).toBe(8);
  });

  it('matches the Jacobi eigenvalues of a random dense matrix, and Ritz vectors satisfy Ay ≈ θy', () => {
    const n = 40;
    const A = randomSymmetric(n, new Rng(9));
    const ev = jacobiEigenvalues(A, n);
    const op = hessianOperator(quadratic(A, new Float64Array(n)), new Float64Array(n));
    const r = lanczosExtremes(op, { k: 2, ritzVectors: true, rng: new Rng(1) });
    expect(Math.abs(r.largest[0]! - ev[n - 1]!)).toBeLessThan(1e-9);
    expect(Math.abs(r.largest[1]! - ev[n - 2]!)).toBeLessThan(1e-9);
    expect(Math.abs(r.smallest[0]! - ev[0]!)).toBeLessThan(1e-9);
    const ay = new Float64Array(n);
    const y = r.smallestVectors![0]!;
    op.apply(y, ay);
    let res = 0;
    for (let i = 0; i < n; i++) res += (ay[i]! - r.smallest[0]! * y[i]!) ** 2;
    expect(Math.sqrt(res)).toBeLessThan(1e-6);
  });

  it('stays inside a block: on a masked diagonal operator only the block entries appear', () => {
    const d = Float64Array.from({ length: 20 }, (_, i) => i - 5);
    const mask = new Uint8Array(20);
    for (const i of [3, 4, 10, 11, 12]) mask[i] = 1; // entries −2, −1, 5, 6, 7
    const op = hessianOperator(diagObjective(d), new Float64Array(20), mask);
    const r = lanczosExtremes(op, { k: 10, rng: new Rng(2) });
    expect(r.largest).toHaveLength(5); // k capped at the block size
    expect(r.largest.map((v) => Math.round(v * 1e9) / 1e9)).toEqual([7, 6, 5, -1, -2]);
    expect(r.matvecs).toBe(5);
  });

  it('reports non-convergence when maxSteps is too small', () => {
    const d = Float64Array.from({ length: 500 }, (_, i) => 1 + i / 499);
    const r = lanczosExtremes(
      countedOperator(500, (v, o) => o.set(v.map((x, i) => x * d[i]!))),
      { k: 2, maxSteps: 5 },
    );
    expect(r.converged).toBe(false);
    expect(r.steps).toBe(5);
    expect(r.largest[0]!).toBeLessThanOrEqual(2 + 1e-12);
  });

  it('rejects bad options naming them', () => {
    const op = hessianOperator(diagObjective([1, 2]), new Float64Array(2));
    expect(() => lanczosExtremes(op, { k: 0 })).toThrow(/option k/);
    expect(() => lanczosExtremes(op, { tol: -1 })).toThrow(/option tol/);
    expect(() => lanczos(op, { start: [0, 0] })).toThrow(/start vector/);
    expect(() => lanczos(op, { start: zero })).toThrow(/length 2/);
  });
});
