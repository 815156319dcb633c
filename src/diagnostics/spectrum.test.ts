import { describe, expect, it } from 'vitest';
import { bowl, quadratic, rosenbrock, saddle } from '../objectives/index.js';
import { Rng } from '../random/index.js';
import { hessianOperator } from './operator.js';
import { conditionNumber, hessianSpectrum, negativeCurvature } from './spectrum.js';
import { jacobiEigenvalues, randomSymmetric } from './testUtil.js';

describe('hessianSpectrum', () => {
  it('top/bottom k against the Jacobi eigenvalues, exact trace, and the product count', () => {
    const n = 20;
    const A = randomSymmetric(n, new Rng(21));
    const ev = jacobiEigenvalues(A, n);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += A[i * n + i]!;
    const s = hessianSpectrum(quadratic(A, new Float64Array(n)), new Float64Array(n), {
      k: 3,
      rng: new Rng(1),
    });
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(s.top[i]! - ev[n - 1 - i]!)).toBeLessThan(1e-9);
      expect(Math.abs(s.bottom[i]! - ev[i]!)).toBeLessThan(1e-9);
    }
    expect(s.traceExact).toBe(true);
    expect(Math.abs(s.trace - tr)).toBeLessThan(1e-12);
    expect(s.matvecs).toBe(s.lanczosSteps + n);
    expect(s.converged).toBe(true);
  });

  it('Rosenbrock at (1, 1): H = [[802, −400], [−400, 200]], λ = 501 ± √(301² + 400²)', () => {
    const s = hessianSpectrum(rosenbrock(2), [1, 1], { k: 5 });
    const r = Math.sqrt(301 ** 2 + 400 ** 2);
    expect(s.top).toHaveLength(2); // k capped at n
    expect(s.top[0]!).toBeCloseTo(501 + r, 9);
    expect(s.top[1]!).toBeCloseTo(501 - r, 9);
    expect(s.bottom[0]!).toBeCloseTo(501 - r, 9);
    expect(s.trace).toBeCloseTo(1002, 10);
  });

  it('trace by Hutchinson when asked, none when not', () => {
    const s = hessianSpectrum(bowl, [1, 1], { trace: 'hutchinson', probes: 4 });
    expect(s.traceExact).toBe(false);
    expect(s.trace).toBeCloseTo(2.1, 14); // diagonal H = diag(1/10, 2): exact for ±1 probes
    expect(Number.isNaN(hessianSpectrum(bowl, [1, 1], { trace: 'none' }).trace)).toBe(true);
    expect(() => hessianSpectrum(bowl, [1, 1], { trace: 'x' as never })).toThrow(
      'hessianSpectrum: option trace must be one of auto, exact, hutchinson, none, got "x"',
    );
  });
  it('checks its options once, by name, with a suggestion for a misspelt one', () => {
    expect(() => hessianSpectrum(bowl, [1, 1], { kk: 2 } as never)).toThrow(
      'hessianSpectrum: unknown option kk (did you mean k?)',
    );
    expect(() => hessianSpectrum(bowl, [1, 1], { k: 0 })).toThrow(
      'hessianSpectrum: option k must be a number ≥ 1, got 0',
    );
    expect(() => negativeCurvature(bowl, [1, 1], { threshold: -1 })).toThrow(
      'negativeCurvature: option threshold must be a number > 0, got -1',
    );
  });
  it('needs hvp, and says so naming the function when the objective has none', () => {
    const { hvp: _, ggnvp: __, ...gradientOnly } = rosenbrock(2);
    for (const [name, run] of [
      ['hessianSpectrum', () => hessianSpectrum(gradientOnly, [1, 1])],
      ['negativeCurvature', () => negativeCurvature(gradientOnly, [1, 1])],
      ['hessianOperator', () => hessianOperator(gradientOnly, [1, 1])],
    ] as const) {
      expect(run).toThrow(`${name}: the objective has no hvp (Hessian-vector product)`);
    }
  });
});

describe('condition number and negative curvature', () => {
  it('bowl x²/20 + y²: H = diag(1/10, 2), κ = 20, no negative curvature', () => {
    const c = conditionNumber(hessianOperator(bowl, [3, 4]));
    expect(c.condition).toBeCloseTo(20, 10);
    expect(negativeCurvature(bowl, [3, 4]).found).toBe(false);
  });

  it('saddle x² − y²: λmin = −2 along ±e₂, oriented downhill when the gradient is given', () => {
    const x = [0.1, 0.3]; // g = (0.2, −0.6)
    const r = negativeCurvature(saddle, x, { gradient: [0.2, -0.6] });
    expect(r.found).toBe(true);
    expect(r.eigenvalue).toBeCloseTo(-2, 12);
    expect(Math.abs(r.direction[0]!)).toBeLessThan(1e-12);
    expect(r.direction[1]!).toBeCloseTo(1, 12);
    // stepping along d lowers f: f(x + t d) = 0.01 − (0.3 + t)²
    const f0 = saddle.value(Float64Array.from(x));
    expect(
      saddle.value(
        Float64Array.from([x[0]! + 0.5 * r.direction[0]!, x[1]! + 0.5 * r.direction[1]!]),
      ),
    ).toBeLessThan(f0);
    expect(conditionNumber(hessianOperator(saddle, x)).condition).toBe(Number.POSITIVE_INFINITY);
  });
});
