import { describe, expect, it } from 'vitest';
import { polyakAveraging } from './polyakAveraging.js';
import { expectAllChecksPass, expectTidyTables, runQuick } from './testing.test-util.js';

describe('experiment polyak-averaging', () => {
  it('the averages are much closer to the minimum than the oscillating iterates', async () => {
    const r = await runQuick(polyakAveraging);
    expectAllChecksPass(r);
    expectTidyTables(r);
    // The Polyak average is the running mean of the iterates after the burn-in: recompute it naively.
    const t = r.series['trajectory-trial0']!;
    const x = t.x as ArrayLike<number>;
    const px = t.polyakX as ArrayLike<number>;
    const burnIn = 50;
    const k = 400;
    let s = 0;
    for (let i = burnIn + 1; i <= k; i++) s += x[i]!;
    expect(px[k]).toBeCloseTo(s / (k - burnIn), 12);
    expect(Number.isNaN(px[burnIn]!)).toBe(true);
  });
});
