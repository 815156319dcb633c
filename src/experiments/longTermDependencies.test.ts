import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { longTermDependencies, rnnGain } from './longTermDependencies.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment long-term-dependencies', () => {
  it('vanishes for ρ < 1, explodes for ρ > 1 in the linear regime, and the LSTM forget bias 1 keeps the gradient', async () => {
    const r = await runQuick(longTermDependencies);
    expectAllChecksPass(r);
    const rnn = r.series['rnn-gain']!;
    expect(rnn.k).toHaveLength(40);
    // every gain curve starts at exactly 1 (the gradient at step T relative to itself)
    for (const [name, col] of Object.entries(rnn)) if (name !== 'k') expect(col[0]).toBe(1);
  });

  it('a linear-regime RNN with W_h = ½Q halves the gradient per step', () => {
    const s = {
      T: 6,
      hidden: 5,
      features: 2,
      batch: 3,
      radii: [],
      forgetBiases: [],
      smallInput: 1e-9,
    };
    const { gain, meanAbsH } = rnnGain(s, 0.5, 1e-9, new Rng(7));
    expect(meanAbsH).toBeLessThan(1e-6);
    // ‖(½Qᵀ)^k u‖ = 2^−k ‖u‖ for orthogonal Q (tanh′ = 1 − h² ≈ 1 − 1e-18)
    for (let k = 0; k < 6; k++) expect(gain[k]!).toBeCloseTo(0.5 ** k, 10);
  });
});
