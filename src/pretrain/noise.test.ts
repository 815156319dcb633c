import { describe, expect, it } from 'vitest';
import { liveContext } from '../nn/module.js';
import { Rng } from '../random/index.js';
import { Tensor } from '../tensor/index.js';
import { MaskingNoise } from './noise.js';

describe('MaskingNoise', () => {
  const x = new Tensor(new Float64Array(20000).fill(0.5), [200, 100]);
  it('zeroes a fraction ν of the inputs in training, without rescaling the rest', () => {
    const y = new MaskingNoise('n', 0.25, new Rng(3)).forward(x, liveContext(true));
    let zeros = 0;
    for (const v of y.data) {
      if (v === 0) zeros++;
      else expect(v).toBe(0.5);
    }
    // binomial(20000, 0.25): sd = √(20000·0.25·0.75) ≈ 61; allow 5 sd
    expect(Math.abs(zeros - 5000)).toBeLessThan(310);
  });
  it('is the identity in evaluation mode and the same seed gives the same mask', () => {
    expect(new MaskingNoise('n', 0.5).forward(x, liveContext(false))).toBe(x);
    const a = new MaskingNoise('n', 0.5, new Rng(7)).forward(x, liveContext(true));
    const b = new MaskingNoise('n', 0.5, new Rng(7)).forward(x, liveContext(true));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
  it('rejects ν outside [0, 1)', () => {
    expect(() => new MaskingNoise('n', 1)).toThrow(/nu/);
  });
});
