import { describe, expect, it } from 'vitest';
import { modernOptimizers } from './modernOptimizers.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment modern-optimizers', () => {
  it('every method trains; schedule-free is measured at its averaged point', async () => {
    const r = await runQuick(modernOptimizers);
    expectAllChecksPass(r);
    const s = r.summary as { rank: number; method: string; 'final test accuracy (mean)': number }[];
    expect(s.map((x) => x.method).sort()).toEqual(
      ['Adam', 'Muon', 'SGD + momentum', 'SOAP', 'schedule-free AdamW'].sort(),
    );
    // ranked by accuracy, best first
    for (let i = 1; i < s.length; i++) {
      expect(s[i]!['final test accuracy (mean)']).toBeLessThanOrEqual(
        s[i - 1]!['final test accuracy (mean)'],
      );
    }
  }, 300_000);
});
