import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autodiff/index.js';
import { Tensor } from '../tensor/index.js';
import { cliffClipping, cliffLoss } from './cliffClipping.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment cliff-clipping', () => {
  it('the autodiff gradient through 50 steps matches central differences off the cliff', () => {
    for (const p of [
      [8, -2.5],
      [2, 0.5],
      [6, -4],
    ]) {
      const r = gradcheck(cliffLoss, new Tensor(Float64Array.from(p), [2]), {
        eps: 1e-6,
        rtol: 1e-5,
        atol: 1e-6,
      });
      expect(r.ok, `at (${p})`).toBe(true);
    }
  });

  it('throws plain gradient descent far away, keeps the clipped run in the valley', async () => {
    const r = await runQuick(cliffClipping);
    expectAllChecksPass(r);
    // Both runs start at the same point.
    const col = (run: string, k: string) => r.series[run]![k] as ArrayLike<number>;
    const [pw, pb, cw, cb] = [
      col('gd-plain', 'w'),
      col('gd-plain', 'b'),
      col('gd-clipped', 'w'),
      col('gd-clipped', 'b'),
    ];
    expect(pw[0]).toBe(cw[0]);
    const dp = [pw[1]! - pw[0]!, pb[1]! - pb[0]!];
    const dc = [cw[1]! - cw[0]!, cb[1]! - cb[0]!];
    // Clipping rescales, never turns, the gradient: the first steps are parallel.
    expect(Math.abs(dp[0]! * dc[1]! - dp[1]! * dc[0]!)).toBeLessThan(
      1e-12 * Math.hypot(dp[0]!, dp[1]!) * Math.hypot(dc[0]!, dc[1]!) + 1e-18,
    );
  });
});
