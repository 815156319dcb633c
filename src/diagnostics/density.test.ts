import { describe, expect, it } from 'vitest';
import { quadratic } from '../objectives/index.js';
import { Rng } from '../random/index.js';
import { spectralDensity } from './density.js';
import { hessianOperator } from './operator.js';
import { diagObjective, jacobiEigenvalues, randomSymmetric } from './testUtil.js';
import { hutchinsonTrace } from './trace.js';

function trapezoid(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!);
  return s;
}

describe('spectral density by stochastic Lanczos quadrature', () => {
  // two clusters of 40 eigenvalues each, around 1 and around 5
  const d = Float64Array.from({ length: 80 }, (_, i) =>
    i < 40 ? 1 + 0.01 * i : 5 + 0.01 * (i - 40),
  );
  const op = () => hessianOperator(diagObjective(d), new Float64Array(80));

  it('integrates to ~1, its mean matches trace/n, and its mass sits on the two clusters', () => {
    const r = spectralDensity(op(), { probes: 8, steps: 20, rng: new Rng(1) });
    expect(Math.abs(trapezoid(r.grid, r.density) - 1)).toBeLessThan(1e-3);
    let sw = 0;
    for (const w of r.weights) sw += w;
    expect(Math.abs(sw - 1)).toBeLessThan(1e-12);
    let tr = 0;
    for (const v of d) tr += v;
    // Rademacher probes make vᵀDv = tr D/n exactly on a diagonal matrix
    expect(Math.abs(r.mean - tr / 80)).toBeLessThan(1e-10);
    // mean of the tabulated density (∫tφ) agrees with Σwθ
    const td = r.density.map((p, i) => p * r.grid[i]!);
    expect(Math.abs(trapezoid(r.grid, td) - r.mean)).toBeLessThan(1e-3);
    // half the mass below 3
    const below = r.grid.map((t, i) => (t < 3 ? r.density[i]! : 0));
    expect(Math.abs(trapezoid(r.grid, below) - 0.5)).toBeLessThan(0.1);
    expect(r.matvecs).toBeLessThanOrEqual(8 * 20);
  });

  it('its mean times n is Hutchinson’s estimate from the same probes; both cover tr A on a dense matrix', () => {
    const n = 30;
    const A = randomSymmetric(n, new Rng(4));
    let trA = 0;
    for (let i = 0; i < n; i++) trA += A[i * n + i]!;
    const o = hessianOperator(quadratic(A, new Float64Array(n)), new Float64Array(n));
    const r = spectralDensity(o, { probes: 40, steps: 10, rng: new Rng(7) });
    const h = hutchinsonTrace(o, { probes: 40, rng: new Rng(7) });
    expect(Math.abs(r.trace - h.trace)).toBeLessThan(1e-10);
    expect(Math.abs(r.trace - trA)).toBeLessThan(3 * h.stdError);
    expect(Math.abs(trapezoid(r.grid, r.density) - 1)).toBeLessThan(1e-3);
  });

  it('with n steps each quadrature uses the exact eigenvalues as nodes', () => {
    const n = 12;
    const A = randomSymmetric(n, new Rng(6));
    const ev = jacobiEigenvalues(A, n);
    const o = hessianOperator(quadratic(A, new Float64Array(n)), new Float64Array(n));
    const r = spectralDensity(o, { probes: 1, steps: n, sigma: 0.05, grid: [ev[0]!, 100] });
    expect(r.nodes).toHaveLength(n);
    for (let i = 0; i < n; i++) expect(Math.abs(r.nodes[i]! - ev[i]!)).toBeLessThan(1e-10);
    expect(r.density[0]!).toBeGreaterThan(r.density[1]!);
  });

  it('rejects bad options', () => {
    expect(() => spectralDensity(op(), { sigma: 0 })).toThrow(/sigma/);
    expect(() => spectralDensity(op(), { grid: 1 })).toThrow(/grid/);
    expect(() => spectralDensity(op(), { probes: 0 })).toThrow(/probes/);
  });
});
