import { describe, expect, it } from 'vitest';
import { optimizersAll } from './optimizersAll.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment optimizers-all', () => {
  it('shows the expected outcome in the quick form', async () => {
    const r = await runQuick(optimizersAll);
    expectAllChecksPass(r);
    expect(r.series['mnist-loss']).toBeDefined();
    expect(r.figures.length).toBeGreaterThan(0);
  }, 120_000);
});
