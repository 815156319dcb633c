import { describe, expect, it } from 'vitest';
import { contourLevels, marchingSquares, sampleGrid } from './marchingSquares.js';

describe('marchingSquares', () => {
  const circle = sampleGrid((x, y) => x * x + y * y, [-2, 2], [-2, 2], 81, 81);

  it('traces x² + y² = r² as one closed line of radius r', () => {
    for (const r of [0.5, 1, 1.5, 1.9]) {
      const lines = marchingSquares(circle, [r * r]);
      expect(lines).toHaveLength(1);
      const line = lines[0]!;
      expect(line.closed).toBe(true);
      expect(line.level).toBe(r * r);
      // Linear interpolation of a quadratic along an edge of length h = 0.05 errs
      // by at most h²/(8r)·… ≈ 3e-4/r in radius: allow 1e-3.
      for (const [x, y] of line.points) expect(Math.abs(Math.hypot(x, y) - r)).toBeLessThan(1e-3);
      // the closed polygon's perimeter approaches 2πr from below
      let perim = 0;
      for (let k = 1; k < line.points.length; k++) {
        const [x0, y0] = line.points[k - 1]!;
        const [x1, y1] = line.points[k]!;
        perim += Math.hypot(x1 - x0, y1 - y0);
      }
      expect(perim).toBeLessThanOrEqual(2 * Math.PI * r + 1e-9);
      expect(perim).toBeGreaterThan(2 * Math.PI * r * 0.995);
      expect(line.points[0]).toEqual(line.points[line.points.length - 1]);
    }
  });

  it('gives nothing for levels outside the range, and one line per level otherwise', () => {
    expect(marchingSquares(circle, [-1, 100])).toEqual([]);
    expect(marchingSquares(circle, [0.25, 1, 2.25]).map((l) => l.level)).toEqual([0.25, 1, 2.25]);
  });

  it('traces the open hyperbolas of a saddle x² − y² = c', () => {
    const g = sampleGrid((x, y) => x * x - y * y, [-1, 1], [-1, 1], 41, 41);
    const lines = marchingSquares(g, [0.25]);
    expect(lines).toHaveLength(2); // the two branches x = ±√(0.25 + y²)
    for (const l of lines) {
      expect(l.closed).toBe(false);
      for (const [x, y] of l.points) expect(Math.abs(x * x - y * y - 0.25)).toBeLessThan(2e-3);
      // each branch x = ±√(0.25 + y²) leaves the square through its side x = ±1
      // at y = ±√0.75; the two end points are exactly on that side
      const first = l.points[0]!;
      const last = l.points[l.points.length - 1]!;
      expect(Math.abs(first[0])).toBe(1);
      expect(last[0]).toBe(first[0]);
      expect(Math.abs(first[1])).toBeCloseTo(Math.sqrt(0.75), 2);
      expect(last[1]).toBeCloseTo(-first[1], 12);
    }
  });

  it('skips cells with non-finite values', () => {
    const g = sampleGrid(
      (x, y) => (x > 0.5 ? Number.NaN : x * x + y * y),
      [-2, 2],
      [-2, 2],
      41,
      41,
    );
    const lines = marchingSquares(g, [1]);
    for (const l of lines) for (const [x] of l.points) expect(x).toBeLessThanOrEqual(0.5);
    expect(lines.every((l) => !l.closed)).toBe(true);
  });

  it('rejects a grid whose z does not match its axes', () => {
    expect(() => marchingSquares({ xs: [0, 1], ys: [0, 1], z: [0, 1, 2] }, [0.5])).toThrow(
      RangeError,
    );
  });
});

describe('contourLevels', () => {
  const g = sampleGrid((x, y) => x * x + y * y, [-1, 1], [-1, 1], 21, 21); // z in [0, 2]
  it('linear: evenly spaced strictly inside (min, max)', () => {
    const l = contourLevels(g, 3, 'linear');
    // (2 − 0)·k/4 for k = 1, 2, 3
    expect(l).toEqual([0.5, 1, 1.5]);
  });
  it('sqrt: 2·(k/4)² for a bowl, so the rings are evenly spaced in radius', () => {
    const l = contourLevels(g, 3, 'sqrt');
    expect(l.map((v) => Number(v.toFixed(12)))).toEqual([0.125, 0.5, 1.125]);
  });
  it('log: geometric offsets from the minimum', () => {
    const l = contourLevels(g, 4, 'log');
    const ratios = [l[1]! / l[0]!, l[2]! / l[1]!, l[3]! / l[2]!];
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 10);
    expect(l[0]).toBeCloseTo(2e-3, 12);
    expect(l[3]).toBeCloseTo(1.8, 12);
  });
  it('validates count', () => {
    expect(() => contourLevels(g, 0)).toThrow(/count must be an integer >= 1, got 0/);
  });
});
