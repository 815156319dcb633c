import { describe, expect, it } from 'vitest';
import { dropout } from './dropout.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment dropout', () => {
  it('shows the expected outcome in the quick form', async () => {
    const r = await runQuick(dropout);
    expectAllChecksPass(r);
    expect(r.series['accuracy-dropout']).toBeDefined();
    expect(r.figures.length).toBeGreaterThan(0);
  }, 120_000);
});
