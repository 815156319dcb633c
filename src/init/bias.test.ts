import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { classFrequencies, lstmForgetBias, reluBias, softmaxMarginalBias } from './bias.js';
import { initBias } from './types.js';

function softmax(b: ArrayLike<number>): number[] {
  let mx = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < b.length; i++) mx = Math.max(mx, b[i]!);
  const e = Array.from(b, (x) => Math.exp(x - mx));
  const s = e.reduce((u, v) => u + v, 0);
  return e.map((x) => x / s);
}

describe('reluBias', () => {
  it('is 0.1 by default', () => {
    const b = new Float64Array(5);
    initBias(reluBias(), b, new Rng(0));
    expect([...b]).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
  });
});

describe('softmaxMarginalBias', () => {
  it('gives softmax(b) = p and Σ b = 0', () => {
    const p = [0.5, 0.2, 0.15, 0.1, 0.05];
    const b = new Float64Array(5);
    initBias(softmaxMarginalBias(p), b, new Rng(0));
    const s = softmax(b);
    for (let k = 0; k < 5; k++) expect(Math.abs(s[k]! - p[k]!)).toBeLessThan(1e-15);
    expect(Math.abs(b.reduce((u, v) => u + v, 0))).toBeLessThan(1e-14);
    // b_0 − b_4 = log(0.5/0.05) = log 10
    expect(b[0]! - b[4]!).toBeCloseTo(Math.log(10), 14);
  });

  it('normalises counts and matches the class frequencies of labels', () => {
    // labels [0, 0, 1, 2, 2, 2] → counts (2, 1, 3) → p = (2/6, 1/6, 3/6)
    const p = classFrequencies([0, 0, 1, 2, 2, 2], 3);
    expect([...p]).toEqual([2 / 6, 1 / 6, 3 / 6]);
    // smoothing 1 → (3, 2, 4)/9
    expect([...classFrequencies([0, 0, 1, 2, 2, 2], 3, 1)]).toEqual([3 / 9, 2 / 9, 4 / 9]);
    const b = new Float32Array(3);
    initBias(softmaxMarginalBias([2, 1, 3]), b, new Rng(0));
    const s = softmax(b);
    for (let k = 0; k < 3; k++) expect(Math.abs(s[k]! - p[k]!)).toBeLessThan(1e-6);
  });

  it('rejects zero frequencies, wrong widths and a non-bias shape', () => {
    expect(() => softmaxMarginalBias([0.5, 0, 0.5])).toThrow(
      /softmax-marginal: option marginals\.1 must be a number > 0, got 0/,
    );
    expect(() => softmaxMarginalBias([])).toThrow(/option marginals must have at least 1 items/);
    expect(() => softmaxMarginalBias('abc' as unknown as number[])).toThrow(
      /option marginals must be an array, got "abc"/,
    );
    const init = softmaxMarginalBias([0.5, 0.5]);
    expect(() => init(new Float64Array(3), 1, 3, new Rng(0))).toThrow(/3 entries but 2 marginals/);
    expect(() => init(new Float64Array(4), 2, 2, new Rng(0))).toThrow(/fanIn = 2/);
    expect(() => classFrequencies([0, 3], 3)).toThrow(/labels\[1\].*got 3/);
  });
});

describe('lstmForgetBias', () => {
  it('sets the forget block [h, 2h) to 1 in the default [i, f, g, o] layout', () => {
    const b = new Float64Array(12);
    initBias(lstmForgetBias({ hidden: 3 }), b, new Rng(0));
    expect([...b]).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('follows a custom layout and values', () => {
    const b = new Float64Array(8);
    const init = lstmForgetBias({
      hidden: 2,
      forget: 2,
      other: -0.5,
      gates: ['cell', 'input', 'output', 'forget'],
    });
    initBias(init, b, new Rng(0));
    expect([...b]).toEqual([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5, 2, 2]);
  });

  it('validates hidden, gates and the width', () => {
    expect(() => lstmForgetBias({ hidden: 0 })).toThrow(/option hidden.*got 0/);
    expect(() =>
      lstmForgetBias({ hidden: 2, gates: ['input', 'input', 'cell', 'output'] }),
    ).toThrow(/option gates must be a permutation/);
    expect(() => lstmForgetBias({ hidden: 2 })(new Float64Array(6), 1, 6, new Rng(0))).toThrow(
      /4·hidden = 8 entries, got 6/,
    );
  });
});
