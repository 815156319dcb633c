import { describe, expect, it } from 'vitest';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';
import { unsupervisedPretraining } from './unsupervisedPretraining.js';

describe('experiment unsupervised-pretraining', () => {
  it('stacked denoising autoencoders + fine-tuning beat random init at equal budget (quick form)', async () => {
    const r = await runQuick(unsupervisedPretraining);
    expectAllChecksPass(r);
    expect(r.checks.some((c) => c.name.startsWith('unsupervised pretraining'))).toBe(true);
    // the budget: autoencoder + fine-tuning updates = every random-init run's updates
    const tuned = r.summary.filter((x) => String(x.method).endsWith('+ fine-tuning'));
    const random = r.summary.filter((x) => String(x.method).startsWith('random init'));
    expect(tuned.length).toBeGreaterThan(0);
    expect(random.length).toBeGreaterThan(1);
    for (const x of random) expect(x.updates).toBe(tuned[0]!.updates);
  }, 120_000);
});
