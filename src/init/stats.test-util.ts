/**
 * Statistical checks for the initialiser tests. Every bound is 5 standard errors
 * of the statistic for the sample size N (false-alarm rate < 1e-6 per check; the
 * seeds are fixed, so the outcome is deterministic anyway).
 */
import { expect } from 'vitest';

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance about the sample mean (divisor N). */
  variance: number;
  min: number;
  max: number;
}

export function moments(a: ArrayLike<number>): Moments {
  const n = a.length;
  let s = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    s += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = s / n;
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += (a[i]! - mean) ** 2;
  return { n, mean, variance: s2 / n, min, max };
}

/**
 * Checks mean and variance against N(mu, sigma²):
 * SE(mean) = σ/√N; SE(s²) = σ²√(2/N) (fourth central moment 3σ⁴).
 */
export function expectNormal(a: ArrayLike<number>, mu: number, sigma: number): void {
  const m = moments(a);
  expect(Math.abs(m.mean - mu)).toBeLessThan((5 * sigma) / Math.sqrt(m.n));
  expect(Math.abs(m.variance - sigma * sigma)).toBeLessThan(5 * sigma * sigma * Math.sqrt(2 / m.n));
}

/**
 * Checks bounds, mean and variance against U[lo, hi), w = hi − lo:
 * mean (lo+hi)/2 with SE w/√(12N); variance w²/12 with
 * SE √((μ4 − σ⁴)/N) = √((w⁴/80 − w⁴/144)/N) = w²/√(180N).
 */
export function expectUniform(a: ArrayLike<number>, lo: number, hi: number): void {
  const m = moments(a);
  const w = hi - lo;
  expect(m.min).toBeGreaterThanOrEqual(lo);
  expect(m.max).toBeLessThan(hi);
  // the sample fills the interval: P(min − lo > w·10/N) = (1 − 10/N)^N ≈ e^−10
  expect(m.min - lo).toBeLessThan((10 * w) / m.n);
  expect(hi - m.max).toBeLessThan((10 * w) / m.n);
  expect(Math.abs(m.mean - (lo + hi) / 2)).toBeLessThan((5 * w) / Math.sqrt(12 * m.n));
  expect(Math.abs(m.variance - (w * w) / 12)).toBeLessThan((5 * w * w) / Math.sqrt(180 * m.n));
}
