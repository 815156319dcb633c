import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { classCounts } from './dataset.js';
import { blobs, linearlySeparable, spirals, xor } from './synthetic.js';

describe('synthetic sets', () => {
  it('are deterministic per seed; seed s draws what rng: new Rng(s) draws', () => {
    const makers = [
      (o: { seed?: number; rng?: Rng }) => spirals(o),
      (o: { seed?: number; rng?: Rng }) => blobs(o),
      (o: { seed?: number; rng?: Rng }) => xor({ ...o, noise: 0.1 }),
      (o: { seed?: number; rng?: Rng }) => linearlySeparable(o),
    ];
    for (const f of makers) {
      const a = Array.from(f({ seed: 5 }).x);
      expect(Array.from(f({ seed: 5 }).x)).toEqual(a);
      expect(Array.from(f({ seed: 6 }).x)).not.toEqual(a);
      expect(Array.from(f({ rng: new Rng(5) }).x)).toEqual(a);
      expect(Array.from(f({}).x)).toEqual(Array.from(f({ seed: 0 }).x));
    }
  });

  it('check their options once, naming the option and value', () => {
    expect(() => spirals({ perClass: 1 })).toThrow(
      'spirals: option perClass must be a number ≥ 2, got 1',
    );
    expect(() => spirals({ seed: -1 })).toThrow(
      'spirals: option seed must be a number ≥ 0, got -1',
    );
    expect(() => blobs({ n: 2, centers: 3 })).toThrow(
      'blobs: option n must be a number ≥ the 3 centres, got 2',
    );
    expect(() => blobs({ centers: [[0, 0], [1]] })).toThrow(
      'blobs: option centers must all have the same dimension',
    );
    expect(() => xor({ noise: -1 })).toThrow('xor: option noise must be a number ≥ 0, got -1');
    expect(() => xor({ sed: 1 } as unknown as { seed: number })).toThrow(
      'xor: unknown option sed (did you mean seed?)',
    );
  });

  it('spirals: radius i/(m−1), balanced classes, noise-free angle 4k + 4r', () => {
    const s = spirals({ rng: new Rng(1), perClass: 50, classes: 3, noise: 0, dtype: 'float64' });
    expect([s.n, s.classes, s.features]).toEqual([150, 3, 2]);
    expect(Array.from(classCounts(s))).toEqual([50, 50, 50]);
    const p = 50 + 49; // class 1, last point: r = 1, θ = 4 + 4 = 8
    expect(s.x[2 * p]).toBeCloseTo(Math.sin(8), 14);
    expect(s.x[2 * p + 1]).toBeCloseTo(Math.cos(8), 14);
    const q = 2 * 50 + 10; // class 2, point 10: r = 10/49
    expect(Math.hypot(s.x[2 * q]!, s.x[2 * q + 1]!)).toBeCloseTo(10 / 49, 14);
  });

  it('blobs: sample means near given centres, spread near std', () => {
    const b = blobs({
      rng: new Rng(2),
      n: 3001,
      centers: [
        [0, 0],
        [10, -5],
        [-3, 8],
      ],
      std: 0.5,
      dtype: 'float64',
    });
    expect(Array.from(classCounts(b))).toEqual([1001, 1000, 1000]);
    const mean = [
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    for (let i = 0; i < b.n; i++) {
      mean[b.y[i]!]![0]! += b.x[2 * i]! / 1000;
      mean[b.y[i]!]![1]! += b.x[2 * i + 1]! / 1000;
    }
    // standard error 0.5/√1000 ≈ 0.016
    expect(mean[1]![0]).toBeCloseTo(10, 1);
    expect(mean[2]![1]).toBeCloseTo(8, 1);
    const r = blobs({ rng: new Rng(3), centers: 4, dim: 5 });
    expect([r.classes, r.features, r.n]).toEqual([4, 5, 300]);
  });

  it('xor: label is 1 exactly when the coordinates differ in sign', () => {
    const d = xor({ rng: new Rng(4), n: 500 });
    for (let i = 0; i < d.n; i++) expect(d.y[i]).toBe(d.x[2 * i]! * d.x[2 * i + 1]! < 0 ? 1 : 0);
    const c = classCounts(d);
    expect(Math.abs(c[0]! - 250)).toBeLessThan(60); // binomial sd ≈ 11
  });

  it('linearlySeparable: the returned hyperplane separates with the margin', () => {
    const d = linearlySeparable({ rng: new Rng(7), n: 400, dim: 4, margin: 0.2, dtype: 'float64' });
    expect(Math.hypot(...d.w)).toBeCloseTo(1, 12);
    for (let i = 0; i < d.n; i++) {
      let s = d.b;
      for (let j = 0; j < 4; j++) s += d.w[j]! * d.x[4 * i + j]!;
      expect(Math.abs(s)).toBeGreaterThanOrEqual(0.2);
      expect(d.y[i]).toBe(s > 0 ? 1 : 0);
    }
    expect(() => linearlySeparable({ margin: 0.7 })).toThrow(
      'linearlySeparable: option margin must be a number < 0.5, got 0.7',
    );
  });
});
