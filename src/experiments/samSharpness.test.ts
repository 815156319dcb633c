import { describe, expect, it } from 'vitest';
import { samSharpness } from './samSharpness.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment sam-sharpness', () => {
  it('SAM ends at a smaller λmax than SGD and both train', async () => {
    const r = await runQuick(samSharpness);
    expectAllChecksPass(r);
    // one SGD and one SAM run per seed, plus the two mean rows
    const s = r.summary as { method: string; seed: number | string; λmax: number }[];
    expect(s.filter((x) => x.seed !== 'mean').map((x) => x.method)).toEqual(['SGD', 'SAM']);
    // the sharpness is a positive curvature of a trained network, not a degenerate zero
    for (const x of s) expect(x.λmax).toBeGreaterThan(0.1);
  }, 300_000);
});
