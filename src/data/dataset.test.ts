import { describe, expect, it } from 'vitest';
import { classCounts, makeDataset, row, subset, take, toFloat32, toFloat64 } from './dataset.js';
import { createBatch, gatherBatch } from './gather.js';

const ds = makeDataset({
  x: Float32Array.from({ length: 12 }, (_, i) => i + 0.1),
  y: Int32Array.of(0, 2, 1, 2),
  shape: [3],
});

describe('Dataset', () => {
  it('infers features and classes and validates', () => {
    expect([ds.n, ds.features, ds.classes]).toEqual([4, 3, 3]);
    expect(() => makeDataset({ x: new Float32Array(5), y: new Int32Array(2), shape: [3] })).toThrow(
      /n · features/,
    );
    expect(() =>
      makeDataset({ x: new Float32Array(3), y: Int32Array.of(4), shape: [3], classes: 3 }),
    ).toThrow(/outside/);
    expect(() => makeDataset({ x: new Float32Array(3), y: Int32Array.of(-1), shape: [3] })).toThrow(
      /negative/,
    );
    expect(() => makeDataset({ x: new Float32Array(3), y: Int32Array.of(0), shape: [0] })).toThrow(
      /shape/,
    );
    expect(Array.from(classCounts(ds))).toEqual([1, 1, 2]);
  });

  it('float64 copy holds the float32 values exactly and is independent', () => {
    const d = toFloat64(ds);
    expect(d.x).toBeInstanceOf(Float64Array);
    expect(d.x[4]).toBe(Math.fround(4.1));
    d.x[0] = 99;
    expect(ds.x[0]).toBeCloseTo(0.1, 6);
    expect(toFloat32(d).x).toBeInstanceOf(Float32Array);
  });

  it('subset, take and row copy the right rows', () => {
    const s = subset(ds, [3, 1, 3]);
    expect(Array.from(s.y)).toEqual([2, 2, 2]);
    expect(s.x[0]).toBeCloseTo(9.1, 5); // row 3 starts at 3·3 = 9
    expect(() => subset(ds, [4])).toThrow(/outside/);
    expect(take(ds, 2).n).toBe(2);
    expect(take(ds, 10).x.length).toBe(12);
    expect(Array.from(row(ds, 1))).toEqual([3.1, 4.1, 5.1].map(Math.fround));
  });

  it('gatherBatch fills a preallocated buffer, float32 → float64 too', () => {
    const b = createBatch(ds, 3, 'float64');
    const x0 = b.x;
    gatherBatch(ds, Int32Array.of(2, 0), b);
    expect(b.size).toBe(2);
    expect(b.x).toBe(x0);
    expect(Array.from(b.x.subarray(0, 6))).toEqual([6.1, 7.1, 8.1, 0.1, 1.1, 2.1].map(Math.fround));
    expect(Array.from(b.y.subarray(0, 2))).toEqual([1, 0]);
    expect(() => gatherBatch(ds, Int32Array.of(0, 1, 2, 3), b)).toThrow(/capacity/);
  });
});
