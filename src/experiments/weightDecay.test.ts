import { describe, expect, it } from 'vitest';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';
import { weightDecay } from './weightDecay.js';

describe('experiment weight-decay', () => {
  it('shows the expected outcome in the quick form', async () => {
    const r = await runQuick(weightDecay);
    expectAllChecksPass(r);
    expect(r.series['accuracy-lambda0']).toBeDefined();
    expect(r.figures.length).toBeGreaterThan(0);
  }, 120_000);
});
