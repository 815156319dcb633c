import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import {
  epochSampler,
  fixedBatchSampler,
  type ReplacementSamplerOptions,
  replacementSampler,
  samplerFromState,
} from './samplers.js';

describe('epochSampler', () => {
  it('each epoch visits every row exactly once; epochs differ; last batch is shorter', () => {
    const n = 23;
    const s = epochSampler(n, { batchSize: 5, rng: new Rng(3) });
    expect(s.stepsPerEpoch).toBe(5);
    const orders: number[][] = [];
    for (let e = 0; e < 3; e++) {
      const seen: number[] = [];
      const sizes: number[] = [];
      for (let k = 0; k < s.stepsPerEpoch; k++) {
        const b = s.next();
        sizes.push(b.length);
        seen.push(...b);
        expect(s.endOfEpoch).toBe(k === s.stepsPerEpoch - 1);
      }
      expect(sizes).toEqual([5, 5, 5, 5, 3]);
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      orders.push(seen);
      expect(s.epoch).toBe(e + 1);
    }
    expect(orders[0]).not.toEqual(orders[1]);
  });

  it('dropLast skips the short batch; shuffle: false walks in order; reuses its buffer', () => {
    const s = epochSampler(10, { batchSize: 4, rng: new Rng(0), dropLast: true, shuffle: false });
    expect(s.stepsPerEpoch).toBe(2);
    const a = s.next();
    expect(Array.from(a)).toEqual([0, 1, 2, 3]);
    const b = s.next();
    expect(b).toBe(a); // same buffer, no allocation per step
    expect(Array.from(b)).toEqual([4, 5, 6, 7]);
    expect(Array.from(s.next())).toEqual([0, 1, 2, 3]);
    expect(() => epochSampler(3, { batchSize: 4, rng: new Rng(0), dropLast: true })).toThrow(
      /batchSize/,
    );
    expect(() => epochSampler(3, { batchSize: 0, rng: new Rng(0) })).toThrow(
      'epochSampler: option batchSize must be a number ≥ 1, got 0',
    );
    expect(() => replacementSampler(3, { batchSize: 2 } as ReplacementSamplerOptions)).toThrow(
      'replacementSampler: option rng is required',
    );
    expect(() => fixedBatchSampler(3, { batchSize: 2 })).toThrow(
      'fixedBatchSampler: option rng is required',
    );
  });

  it('resumes from state with the very same batches', () => {
    const s = epochSampler(17, { batchSize: 4, rng: new Rng(9) });
    for (let k = 0; k < 7; k++) s.next();
    const st = JSON.parse(JSON.stringify(s.getState()));
    const expected = Array.from({ length: 9 }, () => Array.from(s.next()));
    const r = samplerFromState(17, 4, st);
    expect(r.step).toBe(7);
    expect(Array.from({ length: 9 }, () => Array.from(r.next()))).toEqual(expected);
  });
});

describe('replacementSampler (DLFS np.random.choice)', () => {
  it('draws uniformly with replacement', () => {
    const n = 10;
    const s = replacementSampler(n, { batchSize: 50, rng: new Rng(1) });
    expect(s.stepsPerEpoch).toBe(1); // max(10/50, 1)
    const counts = new Array(n).fill(0);
    let repeats = 0;
    for (let k = 0; k < 200; k++) {
      const b = s.next();
      expect(b.length).toBe(50);
      repeats += new Set(b).size < b.length ? 1 : 0;
      for (const i of b) counts[i]++;
    }
    expect(repeats).toBe(200); // 50 draws from 10 must repeat
    // 10,000 draws, expected 1000 per row, sd ≈ 30: a 6-sd band
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(180);
    // chi-square with 9 dof: 99.9% quantile ≈ 27.9
    const chi = counts.reduce((a, c) => a + (c - 1000) ** 2 / 1000, 0);
    expect(chi).toBeLessThan(27.9);
    const t = replacementSampler(60000, { batchSize: 100, rng: new Rng(1) });
    expect(t.stepsPerEpoch).toBe(600);
    for (let k = 0; k < 600; k++) t.next();
    expect([t.epoch, t.endOfEpoch]).toEqual([1, true]);
  });

  it('resumes from state', () => {
    const s = replacementSampler(100, { batchSize: 8, rng: new Rng(2) });
    s.next();
    const st = s.getState();
    const want = Array.from(s.next());
    expect(Array.from(samplerFromState(100, 8, st).next())).toEqual(want);
  });
});

describe('fixedBatchSampler', () => {
  it('returns the same rows every step', () => {
    const all = fixedBatchSampler(5);
    expect(Array.from(all.next())).toEqual([0, 1, 2, 3, 4]);
    const s = fixedBatchSampler(100, { batchSize: 10, rng: new Rng(4) });
    const first = Array.from(s.next());
    expect(new Set(first).size).toBe(10);
    s.next()[0] = -1; // a caller scribbling on it does not change the batch
    expect(Array.from(s.next())).toEqual(first);
    expect(s.step).toBe(3);
    expect(() => fixedBatchSampler(5, { indices: [0, 5] })).toThrow(/outside/);
  });
});
