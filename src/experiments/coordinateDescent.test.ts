import { describe, expect, it } from 'vitest';
import { coordinateDescent } from './coordinateDescent.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment coordinate-descent', () => {
  it('needs ~1/a sweeps while Newton needs one step', async () => {
    const r = await runQuick(coordinateDescent);
    expectAllChecksPass(r);
    // Hand check of the first sweep from (2, 1.6) with a = 0.1:
    // x₁ = 1.6/1.1 = 1.454545…, then x₂ = x₁/1.1 = 1.322314…
    const p = r.series['path-a0.1']!;
    expect(p.x1![1]).toBeCloseTo(1.6 / 1.1, 12);
    expect(p.x2![2]).toBeCloseTo(1.6 / 1.1 / 1.1, 12);
    const sweeps = Array.from(r.series.sweeps!.sweeps as number[]);
    expect(sweeps[3]! / sweeps[2]!).toBeGreaterThan(8); // a 10× smaller needs ~10× more sweeps
  });
});
