import { describe, expect, it } from 'vitest';
import { pretraining } from './pretraining.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment pretraining', () => {
  it('greedy supervised pretraining beats random init at equal budget (quick form)', async () => {
    const r = await runQuick(pretraining);
    expectAllChecksPass(r);
    // the summary's budget: stages + fine-tuning = the random-init run's updates
    const rows = r.summary;
    const greedy = rows.find((x) => x.method === 'greedy + fine-tuning')!;
    const random = rows.find((x) => String(x.method).startsWith('random init'))!;
    expect(greedy.updates).toBe(random.updates);
  }, 120_000);
});
