import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { arange, eye, full, linspace, randn, tensor } from './index.js';
import { broadcastShapes } from './shape.js';

describe('tensor creation', () => {
  it('infers shapes from nested arrays and rejects ragged ones', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
  });
  it('keeps typed arrays and their dtype', () => {
    const d = new Float32Array([1, 2, 3, 4]);
    const t = tensor(d, { shape: [2, 2] });
    expect(t.dtype).toBe('float32');
    expect(t.data).toBe(d);
    expect(() => tensor(d, { shape: [3] })).toThrow(/shape \[3\] needs 3/);
  });
  it('eye, full, arange, linspace', () => {
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(full([2], 7).toFlatArray()).toEqual([7, 7]);
    expect(arange(1, 2, 0.25).toFlatArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(linspace(0, 1, 5).toFlatArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it('seeded random tensors repeat with the seed', () => {
    expect(randn([3], new Rng(5)).toFlatArray()).toEqual(randn([3], new Rng(5)).toFlatArray());
  });
  it('broadcast rules', () => {
    expect(broadcastShapes([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(() => broadcastShapes([2, 3], [3, 2], 'mul')).toThrow(
      /mul: shapes \[2, 3\] and \[3, 2\]/,
    );
  });
});
