import { describe, expect, it } from 'vitest';
import { batchNorm } from './batchNorm.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment batch-norm', () => {
  it('shows the expected outcome in the quick form', async () => {
    const r = await runQuick(batchNorm);
    expectAllChecksPass(r);
    expect(r.series['train-accuracy']).toBeDefined();
    expect(r.figures.length).toBeGreaterThan(0);
  }, 120_000);
});
