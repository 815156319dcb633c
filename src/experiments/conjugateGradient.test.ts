import { describe, expect, it } from 'vitest';
import { conjugateGradient } from './conjugateGradient.js';
import { expectAllChecksPass, expectTidyTables, runQuick } from './testing.test-util.js';

describe('experiment conjugate-gradient', () => {
  it('SD zig-zags at right angles, CG needs ≤ k line searches, Newton one step', async () => {
    const r = await runQuick(conjugateGradient);
    expectAllChecksPass(r);
    expectTidyTables(r);
    // The 2-D paths: CG is start + 2 points, Newton start + 1, steepest descent many.
    expect(r.series['path2d-cg']!.x!).toHaveLength(3);
    expect(r.series['path2d-newton']!.x!).toHaveLength(2);
    expect(r.series['path2d-gd']!.x!.length).toBeGreaterThan(20);
    // CG's first step is the steepest-descent step (β₁ = 0, same exact line search).
    expect(r.series['path2d-cg']!.x![1]).toBeCloseTo(r.series['path2d-gd']!.x![1] as number, 12);
    expect(r.summary.map((s) => s.k)).toEqual([2, 10]);
  });
});
