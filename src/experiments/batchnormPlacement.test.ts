import { describe, expect, it } from 'vitest';
import { batchnormPlacement } from './batchnormPlacement.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment batchnorm-placement', () => {
  it('shows the expected outcome in the quick form', async () => {
    const r = await runQuick(batchnormPlacement);
    expectAllChecksPass(r);
    expect(r.series['train-loss']).toBeDefined();
    expect(r.figures.length).toBeGreaterThan(0);
  }, 120_000);
});
