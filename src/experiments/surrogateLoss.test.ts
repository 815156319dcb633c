import { describe, expect, it } from 'vitest';
import { surrogateLoss } from './surrogateLoss.js';
import { expectAllChecksPass, expectTidyTables, runQuick } from './testing.test-util.js';

describe('experiment surrogate-loss', () => {
  it('keeps improving the NLL and margin after the training error is zero', async () => {
    const r = await runQuick(surrogateLoss);
    expectAllChecksPass(r);
    expectTidyTables(r);
    // the table's start row is w = 0 (all ties: error 1); the next is step 1, where the figure starts
    expect(r.summary[0]!.step).toBe(0);
    expect(r.summary[0]!['train error']).toBe(1);
    expect(r.summary[1]!.step).toBe(1);
    expect(r.summary[1]!['train error']).toBeLessThan(1);
    const c = r.series.curves!;
    // At w = 0, b = 0 every prediction is 1/2: NLL = ln 2 on every split.
    expect(c.trainNll![0]).toBeCloseTo(Math.LN2, 14);
    expect(c.valNll![0]).toBeCloseTo(Math.LN2, 14);
  });
});
