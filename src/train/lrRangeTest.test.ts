import { describe, expect, it } from 'vitest';
import { loadDataset, take } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { momentum } from '../optim/index.js';
import { lrRangeTest, suggest } from './lrRangeTest.js';

describe('lrRangeTest', () => {
  it('suggest: the steepest fall against log η and the minimum over 10', () => {
    // s(u) = −tanh(u − ln 0.01) for u = ln η up to ln 1, then rising: steepest at η = 0.01
    const lrs: number[] = [];
    const s: number[] = [];
    for (let i = 0; i <= 120; i++) {
      const u = Math.log(1e-5) + (i / 100) * (Math.log(10) - Math.log(1e-5));
      lrs.push(Math.exp(u));
      s.push(u < 0 ? -Math.tanh(u - Math.log(0.01)) : -Math.tanh(-Math.log(0.01)) + u * u);
    }
    const g = suggest(lrs, s);
    expect(Math.abs(Math.log10(g.steepest) - -2)).toBeLessThan(0.1);
    const iMin = s.indexOf(Math.min(...s));
    expect(g.minOver10).toBeCloseTo(lrs[iMin]! / 10, 12);
  });

  it('on the digits: the loss falls then rises, the lr grows exponentially, a sensible suggestion', async () => {
    const ds = loadDataset('mnist');
    const model = mlp({ sizes: [784, 32, 10], activation: 'relu', init: 'he', seed: 3 });
    const r = await lrRangeTest(
      model,
      { data: take(ds.train, 2000) },
      {
        optimizer: (lr) => momentum({ lr, momentum: 0.9 }),
        batchSize: 32,
        lrMin: 1e-4,
        lrMax: 100,
        steps: 120,
        seed: 1,
      },
    );
    const n = r.lrs.length;
    expect(r.losses).toHaveLength(n);
    expect(r.smoothed).toHaveLength(n);
    // exponential: a constant ratio between steps, starting at lrMin
    expect(r.lrs[0]).toBeCloseTo(1e-4, 15);
    const q = (100 / 1e-4) ** (1 / 119);
    for (let i = 1; i < n; i++) expect(r.lrs[i]! / r.lrs[i - 1]!).toBeCloseTo(q, 9);
    // bias correction: the first smoothed value is the first loss itself
    expect(r.smoothed[0]).toBeCloseTo(r.losses[0]!, 12);
    // falls then rises: the minimum is well below the start, the end well above the minimum
    const iMin = r.smoothed.indexOf(Math.min(...r.smoothed));
    expect(r.smoothed[iMin]!).toBeLessThan(0.8 * r.smoothed[0]!);
    expect(iMin).toBeLessThan(n - 1);
    expect(r.stoppedBy).not.toBe('completed');
    if (r.stoppedBy === 'diverged')
      expect(r.smoothed[n - 1]!).toBeGreaterThan(4 * r.smoothed[iMin]!);
    // momentum SGD on this MLP trains at lrs of about 0.01–0.3
    for (const v of [r.suggestion.steepest, r.suggestion.minOver10]) {
      expect(v).toBeGreaterThan(1e-3);
      expect(v).toBeLessThan(1);
    }
  }, 120_000);

  it('refuses bad options with a message naming them', async () => {
    const model = mlp({ sizes: [784, 4, 10], seed: 1 });
    const data = { data: take(loadDataset('mnist').train, 10) };
    const opt = (lr: (k: number) => number) => momentum({ lr });
    await expect(
      lrRangeTest(model, data, { optimizer: opt, batchSize: 5, lrMin: 0 }),
    ).rejects.toThrow('lrRangeTest: option lrMin must be a number > 0, got 0');
    await expect(
      lrRangeTest(model, data, { optimizer: opt, batchSize: 5, lrMin: 1, lrMax: 0.5 }),
    ).rejects.toThrow('lrRangeTest: option lrMax must be > lrMin (1), got 0.5');
    await expect(
      lrRangeTest(model, data, { optimizer: opt, batchSize: 5, steps: 2 }),
    ).rejects.toThrow('lrRangeTest: option steps must be a number ≥ 5, got 2');
    await expect(
      lrRangeTest(model, data, { optimizer: opt, batchSize: 5, beta: 1 }),
    ).rejects.toThrow('lrRangeTest: option beta must be a number < 1, got 1');
  });
});
