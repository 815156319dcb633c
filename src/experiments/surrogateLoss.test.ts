import { describe, expect, it } from 'vitest';
import { surrogateLoss } from './surrogateLoss.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment surrogate-loss', () => {
  it('keeps improving the NLL and margin after the training error is zero', async () => {
    const r = await runQuick(surrogateLoss);
    expectAllChecksPass(r);
    const c = r.series.curves!;
    // At w = 0, b = 0 every prediction is 1/2: NLL = ln 2 on every split.
    expect(c.trainNll![0]).toBeCloseTo(Math.LN2, 14);
    expect(c.valNll![0]).toBeCloseTo(Math.LN2, 14);
  });
});
