import { describe, expect, it } from 'vitest';
import { optimizersMnist } from './optimizersMnist.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment optimizers-mnist', () => {
  it('shows the expected outcome in the quick form', async () => {
    const r = await runQuick(optimizersMnist);
    expectAllChecksPass(r);
    expect(r.series['loss-smoothed']).toBeDefined();
    expect(r.figures.length).toBeGreaterThan(0);
  }, 120_000);
});
