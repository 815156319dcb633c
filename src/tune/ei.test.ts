import { describe, expect, it } from 'vitest';
import { expectedImprovement, normalCdf, normalPdf } from './ei.js';

/**
 * E[max(best − ξ − Y, 0)], Y ~ N(μ, σ²), by composite Simpson over [μ − 12σ, best − ξ]
 * (the integrand is smooth there and zero beyond).
 */
function eiByQuadrature(mu: number, sd: number, best: number, xi: number): number {
  const a = mu - 12 * sd;
  const b = Math.min(best - xi, mu + 12 * sd);
  if (b <= a) return 0;
  const n = 20000;
  const h = (b - a) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const y = a + i * h;
    const f = (Math.max(best - xi - y, 0) * normalPdf((y - mu) / sd)) / sd;
    s += f * (i === 0 || i === n ? 1 : i % 2 ? 4 : 2);
  }
  return (s * h) / 3;
}

describe('expected improvement', () => {
  it('normal cdf at known points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 28);
  });

  it('matches the integral E[max(f* − ξ − Y, 0)] it stands for', () => {
    for (const [mu, sd, best, xi] of [
      [0, 1, 0, 0],
      [1, 0.5, 0.2, 0],
      [-2, 3, 1, 0.1],
      [5, 0.1, 0, 0],
      [0.3, 2, 0.3, 0.5],
    ] as const) {
      const q = eiByQuadrature(mu, sd, best, xi);
      expect(expectedImprovement(mu, sd, best, xi)).toBeCloseTo(q, 10);
    }
  });

  it('hand value: μ = f*, σ = 1 gives φ(0) = 1/√(2π)', () => {
    expect(expectedImprovement(0, 1, 0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });

  it('σ = 0 gives the plain improvement; EI grows with σ and with f* − μ', () => {
    expect(expectedImprovement(1, 0, 3)).toBe(2);
    expect(expectedImprovement(3, 0, 1)).toBe(0);
    expect(expectedImprovement(0, 2, 0)).toBeGreaterThan(expectedImprovement(0, 1, 0));
    expect(expectedImprovement(-1, 1, 0)).toBeGreaterThan(expectedImprovement(0, 1, 0));
  });
});
