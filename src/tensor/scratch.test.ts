import { describe, expect, it } from 'vitest';
import { allocate, allocateOutput, withScratch } from './tensor.js';

describe('withScratch: buffers recycled across scopes', () => {
  it('outside a scope allocate gives fresh zero arrays', () => {
    const a = allocate('float32', 5);
    const b = allocate('float32', 5);
    expect(a).not.toBe(b);
    expect(Array.from(a)).toEqual([0, 0, 0, 0, 0]);
  });

  it('an array of a finished scope is handed out again, zero-filled, by the next', () => {
    const first = withScratch(() => {
      const a = allocate('float64', 7);
      a.fill(3);
      return a;
    });
    const again = withScratch(() => allocate('float64', 7));
    expect(again).toBe(first);
    expect(Array.from(again)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // other dtypes and sizes are separate pools
    const other = withScratch(() => [allocate('float32', 7), allocate('float64', 8)]);
    expect(other[0]).not.toBe(first);
    expect(other[1]).not.toBe(first);
  });

  it('within one scope every array is distinct, and nested scopes join the outer one', () => {
    withScratch(() => {
      const a = allocate('float32', 4);
      const inner = withScratch(() => allocate('float32', 4));
      const b = allocate('float32', 4);
      expect(new Set([a, inner, b]).size).toBe(3);
    });
  });

  it('a scope that throws still returns its arrays', () => {
    let kept: Float32Array | Float64Array | undefined;
    expect(() =>
      withScratch(() => {
        kept = allocate('float32', 11);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(withScratch(() => allocate('float32', 11))).toBe(kept);
  });

  it('allocateOutput shares the pool but skips the zero fill (its caller overwrites every element)', () => {
    expect(Array.from(allocateOutput('float64', 3))).toEqual([0, 0, 0]); // no scope: fresh
    const first = withScratch(() => allocateOutput('float64', 9).fill(5));
    const again = withScratch(() => allocateOutput('float64', 9));
    expect(again).toBe(first);
    expect(again[0]).toBe(5);
    // and allocate still zero-fills an array that allocateOutput used
    expect(Array.from(withScratch(() => allocate('float64', 9)))).toEqual(new Array(9).fill(0));
  });
});
