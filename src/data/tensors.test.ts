import { describe, expect, it } from 'vitest';
import { makeDataset } from './dataset.js';
import { toTensors } from './tensors.js';

// two samples of shape [2, 2]: an MLP reads each as a row of 4
const ds = makeDataset({
  x: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8.1]),
  y: Int32Array.of(1, 0),
  shape: [2, 2],
});

describe('toTensors', () => {
  it('gives X as [n, features] over the same rows and the labels', () => {
    const { x, y } = toTensors(ds);
    expect(x.shape).toEqual([2, 4]);
    expect(x.dtype).toBe('float32');
    expect(x.data).toBe(ds.x); // no copy when the dtype already matches
    expect(y).toBe(ds.y);
  });

  it('converts to float64 exactly (a copy, the float32 values widened)', () => {
    const { x } = toTensors(ds, { dtype: 'float64' });
    expect(x.dtype).toBe('float64');
    expect(x.data).not.toBe(ds.x);
    expect(Array.from(x.data)).toEqual(Array.from(ds.x));
    expect(x.data[7]).toBe(Math.fround(8.1));
  });

  it('names a bad option', () => {
    expect(() => toTensors(ds, { dtype: 'int8' as 'float32' })).toThrow(
      'toTensors: option dtype must be one of float32, float64, got "int8"',
    );
  });
});
