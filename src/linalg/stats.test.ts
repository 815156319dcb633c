import { describe, expect, it } from 'vitest';
import { median, sortedAscending, upperMedian } from './stats.js';

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
