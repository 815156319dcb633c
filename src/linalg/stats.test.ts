import { describe, expect, it } from 'vitest';
import { linearFit, median, sortedAscending, upperMedian } from './stats.js';

describe('median and upperMedian', () => {
  it('hand values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5); // (2 + 3) / 2
    expect(upperMedian([4, 1, 3, 2])).toBe(3); // sorted [1, 2, 3, 4], index 2
    expect(upperMedian([3, 1, 2])).toBe(2);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
    expect(upperMedian([])).toBeNaN();
  });

  it('do not modify their input and sort numerically (not as strings)', () => {
    const v = [10, 9, 100, 1];
    expect(sortedAscending(v)).toEqual([1, 9, 10, 100]);
    expect(v).toEqual([10, 9, 100, 1]);
    expect(median(v)).toBe(9.5);
  });

  it('invariants: at most half the values lie strictly on either side; shifting shifts it', () => {
    const v = Array.from({ length: 31 }, (_, i) => Math.sin(7 * i) * 10);
    for (const n of [1, 2, 5, 30, 31]) {
      const w = v.slice(0, n);
      for (const m of [median(w), upperMedian(w)]) {
        expect(w.filter((x) => x < m).length).toBeLessThanOrEqual(n / 2);
        expect(w.filter((x) => x > m).length).toBeLessThanOrEqual(n / 2);
      }
      expect(median(w.map((x) => x + 4))).toBeCloseTo(median(w) + 4, 12);
      expect(upperMedian(w)).toBeGreaterThanOrEqual(median(w));
    }
  });
});

describe('linearFit', () => {
  it('recovers a line: y = 2 + 3x', () => {
    // x = 0, 1, 2, 3 → y = 2, 5, 8, 11
    const f = linearFit([0, 1, 2, 3], [2, 5, 8, 11]);
    expect(f.slope).toBeCloseTo(3, 12);
    expect(f.intercept).toBeCloseTo(2, 12);
  });

  it('passes through the means, and its residuals are orthogonal to x', () => {
    // hand values: x = 0, 1, 2; y = 1, 0, 5: x̄ = 1, ȳ = 2, slope = (−1·−1 + 1·3)/2 = 2, intercept 0
    expect(linearFit([0, 1, 2], [1, 0, 5])).toEqual({ slope: 2, intercept: 0 });
    const x = [0.5, 1.5, 2, 4, 7];
    const y = [1, -2, 0.5, 3, 2];
    const { slope, intercept } = linearFit(x, y);
    const r = y.map((v, i) => v - intercept - slope * x[i]!);
    expect(r.reduce((a, v) => a + v, 0)).toBeCloseTo(0, 12);
    expect(r.reduce((a, v, i) => a + v * x[i]!, 0)).toBeCloseTo(0, 12);
  });
});
