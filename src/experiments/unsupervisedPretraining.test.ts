import { describe, expect, it } from 'vitest';
import { runQuick } from './testing.test-util.js';
import { unsupervisedPretraining } from './unsupervisedPretraining.js';

describe('experiment unsupervised-pretraining', () => {
  it('the autoencoders learn; the comparison with random init is reported honestly (quick form)', async () => {
    const r = await runQuick(unsupervisedPretraining);
    const byName = (s: string) => r.checks.find((c) => c.name.startsWith(s))!;
    expect(byName('every autoencoder learns').passed).toBe(true);
    expect(byName('plain SGD from random').passed).toBe(true);
    // In the quick form (2000 images) the fine-tuning does not leave chance level within the
    // budget, so "beats random init" fails there (see the report); the check must say so.
    const beat = byName('unsupervised pretraining');
    expect(beat.observed).toMatch(/vs/);
    expect(typeof beat.passed).toBe('boolean');
  }, 120_000);
});
