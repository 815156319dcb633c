import { describe, expect, it } from 'vitest';
import { batchnormGradcheck } from './batchnormGradcheck.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment batchnorm-gradcheck', () => {
  it('shows the expected outcome in the quick form', async () => {
    const r = await runQuick(batchnormGradcheck);
    expectAllChecksPass(r);
    expect(r.series.coordinates).toBeDefined();
    expect(r.figures.length).toBeGreaterThan(0);
  }, 120_000);
});
