import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { constant, identity, normal, sample, uniform, zeros } from './basic.js';
import { expectNormal, expectUniform } from './stats.test-util.js';
import { checkShape, initBias } from './types.js';

describe('zeros and constant', () => {
  it('fill every entry and draw nothing from the generator', () => {
    const rng = new Rng(1);
    const before = rng.getState();
    const w = new Float64Array(12).fill(7);
    zeros()(w, 3, 4, rng);
    expect([...w]).toEqual(new Array(12).fill(0));
    constant(0.25)(w, 4, 3, rng);
    expect([...w]).toEqual(new Array(12).fill(0.25));
    expect(rng.getState()).toEqual(before);
  });

  it('constant rejects a non-finite value', () => {
    expect(() => constant(Number.NaN)).toThrow(/constant: option value.*NaN/);
  });
});

describe('normal', () => {
  it('has the requested mean and variance (300×200 draws)', () => {
    expectNormal(sample(normal(0.5, -2), 300, 200, new Rng(11)), -2, 0.5);
  });

  it('defaults to N(0, 0.01²) (DLFS weight_init_std)', () => {
    expectNormal(sample(normal(), 300, 200, new Rng(12)), 0, 0.01);
  });

  it('fills row-major from rng.normal() in order', () => {
    const w = sample(normal(2, 1), 2, 3, new Rng(5));
    const r = new Rng(5);
    for (let i = 0; i < 6; i++) expect(w[i]).toBe(1 + 2 * r.normal());
  });

  it('works in float32 storage', () => {
    const w = sample(normal(0.1), 200, 300, new Rng(13), 'float32');
    expect(w).toBeInstanceOf(Float32Array);
    expectNormal(w, 0, 0.1);
  });

  it('rejects a negative std', () => {
    expect(() => normal(-1)).toThrow(RangeError);
    expect(() => normal(-1)).toThrow(/normal: option std.*-1/);
  });
});

describe('uniform', () => {
  it('stays in [lo, hi) with the uniform mean and variance', () => {
    expectUniform(sample(uniform(-3, 1), 300, 200, new Rng(21)), -3, 1);
  });

  it('defaults to U(−0.05, 0.05)', () => {
    expectUniform(sample(uniform(), 300, 200, new Rng(22)), -0.05, 0.05);
  });

  it('rejects hi ≤ lo', () => {
    expect(() => uniform(1, 1)).toThrow(/uniform: option hi.*got 1/);
    expect(() => uniform(1, 0)).toThrow(RangeError);
  });
});

describe('identity', () => {
  it('is gain·I for a square matrix', () => {
    const w = sample(identity(3), 3, 3, new Rng(0));
    expect([...w]).toEqual([3, 0, 0, 0, 3, 0, 0, 0, 3]);
  });

  it('rejects a non-square shape', () => {
    expect(() => sample(identity(), 2, 3, new Rng(0))).toThrow(
      /identity: needs a square.*\[2, 3\]/,
    );
  });
});

describe('shape checks', () => {
  it('reject a wrong length and non-positive or fractional fans', () => {
    const rng = new Rng(0);
    expect(() => normal()(new Float64Array(5), 2, 3, rng)).toThrow(/length 5.*2·3 = 6/);
    expect(() => checkShape('x', new Float64Array(0), 0, 3)).toThrow(
      /fanIn must be an integer ≥ 1, got 0/,
    );
    expect(() => checkShape('x', new Float64Array(3), 1.5, 2)).toThrow(/fanIn.*1.5/);
    expect(() => checkShape('x', new Float64Array(3), 3, -1)).toThrow(/fanOut.*-1/);
  });

  it('initBias treats a bias as a [1, n] row', () => {
    const b = new Float32Array(4);
    initBias(constant(0.1), b, new Rng(0));
    expect([...b]).toEqual(new Array(4).fill(Math.fround(0.1)));
  });
});

describe('determinism', () => {
  it('same seed gives the same bits; another seed differs', () => {
    for (const init of [normal(1), uniform(-1, 1)]) {
      const a = sample(init, 20, 30, new Rng(99));
      const b = sample(init, 20, 30, new Rng(99));
      const c = sample(init, 20, 30, new Rng(100));
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    }
  });
});
