import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { sample } from './basic.js';
import { expectNormal, expectUniform } from './stats.test-util.js';
import {
  dlfsHe,
  dlfsXavier,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  recommendedGain,
  varianceScaling,
} from './varianceScaling.js';

// A non-square shape so that fan-in, fan-out and their average all differ:
// m = 400 inputs, n = 150 units, 60 000 draws.
const m = 400;
const n = 150;

describe('Glorot (normalised initialisation, Deep Learning eq. 8.23)', () => {
  it('uniform: U(−√(6/(m+n)), √(6/(m+n)))', () => {
    const a = Math.sqrt(6 / (m + n));
    expectUniform(sample(glorotUniform(), m, n, new Rng(1)), -a, a);
  });

  it('uniform with gain 5/3 scales the bound', () => {
    const a = (5 / 3) * Math.sqrt(6 / (m + n));
    expectUniform(sample(glorotUniform({ gain: 5 / 3 }), m, n, new Rng(2)), -a, a);
  });

  it('normal: N(0, 2/(m+n)), with gain', () => {
    expectNormal(sample(glorotNormal(), m, n, new Rng(3)), 0, Math.sqrt(2 / (m + n)));
    expectNormal(
      sample(glorotNormal({ gain: 2 }), m, n, new Rng(4)),
      0,
      2 * Math.sqrt(2 / (m + n)),
    );
  });

  it('rejects gain ≤ 0', () => {
    expect(() => glorotUniform({ gain: 0 })).toThrow(/glorot-uniform: option gain.*got 0/);
  });
});

describe('He (He et al. 2015)', () => {
  it('normal: N(0, 2/m) by default, N(0, 2/n) with fan-out', () => {
    expectNormal(sample(heNormal(), m, n, new Rng(5)), 0, Math.sqrt(2 / m));
    expectNormal(sample(heNormal({ mode: 'fan-out' }), m, n, new Rng(6)), 0, Math.sqrt(2 / n));
  });

  it('uniform: U(−√(6/m), √(6/m))', () => {
    const a = Math.sqrt(6 / m);
    expectUniform(sample(heUniform(), m, n, new Rng(7)), -a, a);
  });

  it("rejects mode 'fan-avg'", () => {
    expect(() => heNormal({ mode: 'fan-avg' as 'fan-in' })).toThrow(
      /he-normal: option mode.*fan-avg/,
    );
  });
});

describe('LeCun (Efficient BackProp 1998)', () => {
  it('normal N(0, 1/m) and uniform U(−√(3/m), √(3/m))', () => {
    expectNormal(sample(lecunNormal(), m, n, new Rng(8)), 0, Math.sqrt(1 / m));
    const a = Math.sqrt(3 / m);
    expectUniform(sample(lecunUniform(), m, n, new Rng(9)), -a, a);
  });
});

describe('DLFS Xavier and He', () => {
  it('are np.random.randn(m, n) * sqrt(1/m) and * sqrt(2/m), draw for draw', () => {
    // naive transcription of DLFS's MultiLayerNet.__init_weight
    for (const [init, c] of [
      [dlfsXavier(), 1],
      [dlfsHe(), 2],
    ] as const) {
      const w = sample(init, 7, 5, new Rng(42));
      const r = new Rng(42);
      const scale = Math.sqrt(c / 7);
      for (let i = 0; i < 35; i++) expect(w[i]).toBe(scale * r.normal());
    }
  });

  it('have variances 1/m and 2/m', () => {
    expectNormal(sample(dlfsXavier(), m, n, new Rng(10)), 0, Math.sqrt(1 / m));
    expectNormal(sample(dlfsHe(), m, n, new Rng(11)), 0, Math.sqrt(2 / m));
  });

  it('equal LeCun normal and He normal bit for bit', () => {
    expect(sample(dlfsXavier(), 9, 4, new Rng(3))).toEqual(sample(lecunNormal(), 9, 4, new Rng(3)));
    expect(sample(dlfsHe(), 9, 4, new Rng(3))).toEqual(sample(heNormal(), 9, 4, new Rng(3)));
  });
});

describe('varianceScaling', () => {
  it('fan-avg uniform with scale 1 equals Glorot uniform', () => {
    const vs = varianceScaling({ mode: 'fan-avg', distribution: 'uniform' });
    expect(sample(vs, 6, 4, new Rng(1))).toEqual(sample(glorotUniform(), 6, 4, new Rng(1)));
  });

  it('fan-out normal with scale 3: N(0, 3/n)', () => {
    const vs = varianceScaling({ scale: 3, mode: 'fan-out' });
    expectNormal(sample(vs, m, n, new Rng(12)), 0, Math.sqrt(3 / n));
  });

  it('validates its options', () => {
    expect(() => varianceScaling({ scale: -1 })).toThrow(/option scale.*-1/);
    expect(() => varianceScaling({ mode: 'fan' as 'fan-in' })).toThrow(/option mode.*fan/);
    expect(() => varianceScaling({ distribution: 'cauchy' as 'normal' })).toThrow(
      /option distribution.*cauchy/,
    );
  });
});

describe('recommendedGain (PyTorch calculate_gain)', () => {
  it('gives the usual gains', () => {
    expect(recommendedGain('linear')).toBe(1);
    expect(recommendedGain('sigmoid')).toBe(1);
    expect(recommendedGain('tanh')).toBe(5 / 3);
    expect(recommendedGain('relu')).toBe(Math.SQRT2);
    // √(2/(1 + 0.2²)) = √(2/1.04) ≈ 1.3868
    expect(recommendedGain('leaky-relu', 0.2)).toBeCloseTo(1.38675, 5);
    expect(recommendedGain('selu')).toBe(0.75);
    expect(() => recommendedGain('swish' as 'relu')).toThrow(/unknown nonlinearity swish/);
  });
});

describe('determinism', () => {
  it('same seed gives the same bits; another seed differs', () => {
    for (const init of [glorotUniform(), glorotNormal(), heNormal(), heUniform(), lecunUniform()]) {
      const a = sample(init, 10, 8, new Rng(5));
      expect(sample(init, 10, 8, new Rng(5))).toEqual(a);
      expect(sample(init, 10, 8, new Rng(6))).not.toEqual(a);
    }
  });
});
