import { describe, expect, it } from 'vitest';
import { sgd, step } from '../optim/index.js';
import { illConditioning, probeGradNorm } from './illConditioning.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

/** A numeric column of a series. */
const col = (s: Record<string, unknown> | undefined, name: string): number[] =>
  Array.from((s as Record<string, ArrayLike<number>>)[name]!);

describe('experiment ill-conditioning', () => {
  it('records ‖g‖, gᵀHg, the criterion and λmax per epoch, with the overhead stated', async () => {
    const r = await runQuick(illConditioning);
    expectAllChecksPass(r);
    const c = r.series.curvature;
    const epoch = col(c, 'epoch');
    const [first, second, gn, gHg] = ['firstOrder', 'secondOrder', 'gradNorm', 'gHg'].map((n) =>
      col(c, n),
    );
    // step 0, three quarter epochs, then one record per epoch (4 epochs)
    expect(epoch).toEqual([0, 0.25, 0.5, 0.75, 1, 2, 3, 4]);
    // the criterion's terms are εgᵀg and ½ε²gᵀHg with ε = 0.1 and gᵀg = ‖g‖²
    for (let k = 0; k < epoch.length; k++) {
      expect(first![k]!).toBeCloseTo(0.1 * gn![k]! ** 2, 12);
      expect(second![k]!).toBeCloseTo(0.5 * 0.01 * gHg![k]!, 12);
    }
    expect(col(r.series.timing, 'withRecording')[0]!).toBeGreaterThan(0);
    expect(col(r.series.timing, 'withoutRecording')[0]!).toBeGreaterThan(0);
    expect(r.summary.at(-1)!.epoch).toBe('overhead');
  });

  it('probeGradNorm sees each gradient and leaves the update unchanged', () => {
    const seen: number[] = [];
    const opt = probeGradNorm(sgd({ lr: 0.5 }), (n) => seen.push(n));
    const p = Float64Array.from([1, 1]);
    step(opt, p, Float64Array.from([3, 4]), opt.init(p));
    // ‖(3, 4)‖ = 5; θ ← θ − 0.5·g = (1 − 1.5, 1 − 2)
    expect(seen).toEqual([5]);
    expect(Array.from(p)).toEqual([-0.5, -1]);
  });
});
