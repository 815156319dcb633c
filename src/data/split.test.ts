import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { makeDataset } from './dataset.js';
import { resolveSize, type SplitOptions, splitDataset, splitIndices } from './split.js';

function coverCheck(n: number, parts: Int32Array[]): void {
  const seen = new Uint8Array(n);
  for (const p of parts) for (const i of p) seen[i] = seen[i]! + 1;
  expect(seen.every((c) => c === 1)).toBe(true); // disjoint and covering
}

describe('splits', () => {
  it('resolves fractions and counts like scikit-learn', () => {
    expect(resolveSize(0.2, 500, 'test')).toBe(100);
    expect(resolveSize(7, 500, 'test')).toBe(7);
    expect(resolveSize(undefined, 500, 'test')).toBe(0);
    expect(() => resolveSize(1.5, 500, 'test')).toThrow(/test must be/);
    expect(() => resolveSize(501, 500, 'validation')).toThrow(/validation/);
  });

  it('plain splits are disjoint, covering, sized, and seeded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (n, seed) => {
        const t = Math.floor(n / 3);
        const v = Math.floor(n / 4);
        const s = splitIndices(n, { rng: new Rng(seed), test: t, validation: v });
        expect([s.test.length, s.validation.length, s.train.length]).toEqual([t, v, n - t - v]);
        coverCheck(n, [s.train, s.validation, s.test]);
        const again = splitIndices(n, { rng: new Rng(seed), test: t, validation: v });
        expect(Array.from(again.test)).toEqual(Array.from(s.test));
      }),
      { numRuns: 50 },
    );
  });

  it('stratified splits keep each class share within one sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 10, maxLength: 400 }),
        fc.integer(),
        (labelsArr, seed) => {
          const y = Int32Array.from(labelsArr);
          const n = y.length;
          const s = splitIndices(y, {
            rng: new Rng(seed),
            test: 0.25,
            validation: 0.15,
            stratify: true,
          });
          expect(s.test.length).toBe(Math.round(0.25 * n));
          expect(s.validation.length).toBe(Math.round(0.15 * n));
          coverCheck(n, [s.train, s.validation, s.test]);
          for (let c = 0; c < 5; c++) {
            const nc = labelsArr.filter((l) => l === c).length;
            const tc = Array.from(s.test).filter((i) => y[i] === c).length;
            expect(Math.abs(tc - (s.test.length * nc) / n)).toBeLessThan(1 + 1e-9);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('splitDataset copies the right rows', () => {
    const ds = makeDataset({
      x: Float32Array.from({ length: 20 }, (_, i) => i),
      y: Int32Array.from({ length: 10 }, (_, i) => i % 2),
      shape: [2],
    });
    const s = splitDataset(ds, { rng: new Rng(1), test: 3, validation: 2 });
    expect([s.train.n, s.validation.n, s.test.n]).toEqual([5, 2, 3]);
    for (const part of [s.train, s.validation, s.test]) {
      for (let k = 0; k < part.n; k++) {
        const i = part.x[2 * k]! / 2; // row i holds (2i, 2i+1)
        expect(part.x[2 * k + 1]).toBe(2 * i + 1);
        expect(part.y[k]).toBe(i % 2);
      }
    }
    expect(() => splitIndices(10, { rng: new Rng(1), test: 6, validation: 5 })).toThrow(/exceed/);
    expect(() => splitIndices(10, { rng: new Rng(1), test: 2, stratify: true })).toThrow(/labels/);
    expect(() => splitIndices(10, { rng: new Rng(1), tset: 2 } as SplitOptions)).toThrow(
      'splitIndices: unknown option tset (did you mean test?)',
    );
    expect(() => splitIndices(10, { rng: new Rng(1), test: -1 })).toThrow(
      'splitIndices: option test must be a number ≥ 0, got -1',
    );
  });
});
