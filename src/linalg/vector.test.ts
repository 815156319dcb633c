import { describe, expect, it } from 'vitest';
import { dot, norm } from './vector.js';

describe('dot and norm', () => {
  it('hand values: [1, 2, 3]·[4, −5, 6] = 4 − 10 + 18 = 12, ‖[3, 4]‖ = 5', () => {
    expect(dot([1, 2, 3], [4, -5, 6])).toBe(12);
    expect(norm(new Float64Array([3, 4]))).toBe(5);
    expect(norm(new Float32Array([0, 0]))).toBe(0);
    expect(dot([], [])).toBe(0);
  });

  it('is symmetric and bilinear, and ‖a‖² = aᵀa', () => {
    const a = Float64Array.from({ length: 17 }, (_, i) => Math.sin(i + 1));
    const b = Float64Array.from({ length: 17 }, (_, i) => Math.cos(3 * i));
    expect(dot(a, b)).toBe(dot(b, a));
    const ab = a.map((v, i) => 2 * v + b[i]!);
    expect(dot(ab, b)).toBeCloseTo(2 * dot(a, b) + dot(b, b), 12);
    expect(norm(a) ** 2).toBeCloseTo(dot(a, a), 12);
  });

  it('satisfies Cauchy–Schwarz and the triangle inequality', () => {
    const a = [1.5, -2, 0.25, 7];
    const b = [-3, 0.5, 4, 1];
    expect(Math.abs(dot(a, b))).toBeLessThanOrEqual(norm(a) * norm(b));
    expect(norm(a.map((v, i) => v + b[i]!))).toBeLessThanOrEqual(norm(a) + norm(b));
  });

  it('sums in index order (the bits every caller relies on)', () => {
    const a = [1e16, 1, -1e16, 1];
    const ones = [1, 1, 1, 1];
    // ((1e16 + 1) − 1e16) + 1 = 0 + 1 in float64 (1e16 + 1 rounds to 1e16).
    expect(dot(a, ones)).toBe(1);
  });
});
