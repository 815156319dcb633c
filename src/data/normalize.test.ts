import { describe, expect, it } from 'vitest';
import { makeDataset } from './dataset.js';
import { applyMinMax, applyStandardize, fitMinMax, fitStandardize, oneHot } from './normalize.js';

// train rows (1, 5, 7), (3, 5, 9), (5, 5, 11); feature 2 is constant
const train = makeDataset({
  x: Float64Array.of(1, 5, 7, 3, 5, 9, 5, 5, 11),
  y: Int32Array.of(0, 1, 0),
  shape: [3],
});
const test = makeDataset({ x: Float64Array.of(7, 5, 3), y: Int32Array.of(1), shape: [3] });

describe('normalisation', () => {
  it('min-max with train statistics', () => {
    const st = fitMinMax(train);
    expect(Array.from(st.min)).toEqual([1, 5, 7]);
    expect(Array.from(st.max)).toEqual([5, 5, 11]);
    expect(Array.from(applyMinMax(train, st).x)).toEqual([0, 0, 0, 0.5, 0, 0.5, 1, 0, 1]);
    // test row: (7−1)/4 = 1.5, constant → 0, (3−7)/4 = −1 (outside [0,1]: train stats)
    expect(Array.from(applyMinMax(test, st).x)).toEqual([1.5, 0, -1]);
    const g = fitMinMax(train, { perFeature: false });
    expect(Array.from(g.min)).toEqual([1, 1, 1]);
    expect(Array.from(g.max)).toEqual([11, 11, 11]);
  });

  it('standardise with population std; constant features map to 0', () => {
    const st = fitStandardize(train);
    // feature 0: mean 3, deviations −2,0,2 → var 8/3; feature 2: mean 9, var 8/3
    expect(Array.from(st.mean)).toEqual([3, 5, 9]);
    expect(st.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
    expect(st.std[1]).toBe(1);
    const z = applyStandardize(train, st);
    expect(z.x[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 14);
    expect(z.x[1]).toBe(0);
    expect(train.x[0]).toBe(1); // input untouched
    expect(applyStandardize(test, st).x[2]).toBeCloseTo(-6 / Math.sqrt(8 / 3), 14);
  });

  it('one-hot', () => {
    expect(Array.from(oneHot(Int32Array.of(2, 0), 3))).toEqual([0, 0, 1, 1, 0, 0]);
    const out = new Float64Array(6).fill(7);
    oneHot(Int32Array.of(1, 1), 3, out);
    expect(Array.from(out)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(() => oneHot(Int32Array.of(3), 3)).toThrow(/outside/);
  });
});
