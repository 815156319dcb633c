import { describe, expect, it } from 'vitest';
import { saddle } from './saddle.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment saddle', () => {
  it('GD escapes, Newton is attracted, regularised Newton leaves; Lanczos finds λmin', async () => {
    const r = await runQuick(saddle);
    expectAllChecksPass(r);
    // Newton's first step from (0.9, 0.02) on x² + y⁴/4 − y²/2, by hand:
    // x₁ = x − 2x/2 = 0; y₁ = y − (y³ − y)/(3y² − 1) = 2y³/(3y² − 1) = 1.6e-5/(−0.9988) = −1.60192…e-5
    const nt = r.series['path2d-newton']!;
    expect(nt.x![1]).toBeCloseTo(0, 14);
    expect(nt.y![1]).toBeCloseTo((2 * 0.02 ** 3) / (3 * 0.02 ** 2 - 1), 14);
    // Gradient descent's first step: y₁ = y − 0.1(y³ − y) = 0.02·1.1 − 0.1·8e-6 = 0.0219992
    expect(r.series['path2d-gd']!.y![1]).toBeCloseTo(0.0219992, 12);
  });
});
