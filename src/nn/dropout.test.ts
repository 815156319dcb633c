import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { ones, randn } from '../tensor/index.js';
import { checkModule, probeModel } from './check.test-util.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { liveContext } from './module.js';
import { Sequential } from './sequential.js';

const TRAIN = liveContext(true);
const EVAL = liveContext(false);

describe('Dropout', () => {
  it('inverted: keeps each unit with probability 1 − p and keeps the expected activation', () => {
    const d = new Dropout('d', 0.3, { seed: 1 });
    const n = 50_000;
    const y = d.forward(ones([n]), TRAIN);
    let kept = 0;
    let s = 0;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      s += y.data[i]!;
      if (y.data[i] !== 0) {
        kept++;
        if (Math.abs(y.data[i]! - 1 / 0.7) > 1e-14) wrong++;
      }
    }
    expect(wrong).toBe(0);
    // binomial: sd of the kept fraction √(0.21/n) ≈ 0.002; sd of the mean √(0.3/0.7/n) ≈ 0.003 (4σ bands)
    expect(Math.abs(kept / n - 0.7)).toBeLessThan(0.008);
    expect(Math.abs(s / n - 1)).toBeLessThan(0.012);
    expect(d.forward(ones([5]), EVAL).toFlatArray()).toEqual([1, 1, 1, 1, 1]);
  });

  it("DLFS's non-inverted form: training y = x ⊙ mask, test y = x·(1 − p)", () => {
    const d = new Dropout('d', 0.15, { mode: 'dlfs', seed: 2 });
    const x = randn([200], new Rng(3));
    const y = d.forward(x, TRAIN);
    for (let i = 0; i < 200; i++) expect(y.data[i] === 0 || y.data[i] === x.data[i]).toBe(true);
    const yt = d.forward(x, EVAL);
    for (let i = 0; i < 200; i++) expect(yt.data[i]).toBe(x.data[i]! * 0.85);
    // E[train output] = (1 − p) x = test output, elementwise on average
    const big = d.forward(ones([50_000]), TRAIN);
    const mean = Array.from(big.data).reduce((a, b) => a + b, 0) / 50_000;
    // sd √(0.85·0.15/n) ≈ 0.0016
    expect(Math.abs(mean - 0.85)).toBeLessThan(0.0065);
  });

  it('is driven by its seeded generator: same seed, same masks; state restores the stream', () => {
    const a = new Dropout('d', 0.5, { seed: 9 });
    const b = new Dropout('d', 0.5, { seed: 9 });
    a.forward(ones([50]), TRAIN);
    b.forward(ones([50]), TRAIN);
    expect(Array.from(a.lastMask!)).toEqual(Array.from(b.lastMask!));
    const st = a.rng.getState();
    const m1 = Array.from(a.forward(ones([50]), TRAIN).data);
    a.rng.setState(st);
    expect(Array.from(a.forward(ones([50]), TRAIN).data)).toEqual(m1);
  });

  it('a fixed mask is used in training mode and passes gradcheck', () => {
    let drop: Dropout | null = null;
    const model = probeModel((ps) => {
      drop = new Dropout('d', 0.4);
      return new Sequential([new Linear(ps, 'l', 3, 4), drop]);
    });
    const mask = Uint8Array.from([1, 0, 1, 1, 0, 1, 1, 0]);
    drop!.setMask(mask);
    const x = randn([2, 3], new Rng(4));
    const y = model.forward(x);
    for (let i = 0; i < 8; i++) if (mask[i] === 0) expect(y.data[i] === 0).toBe(true);
    checkModule(model, x, { training: true });
    expect(() => drop!.forward(ones([3]), TRAIN)).toThrow(/fixed mask has 8 entries, input has 3/);
  });

  it('rejects a bad ratio or mode', () => {
    expect(() => new Dropout('d', 1)).toThrow("Dropout 'd': option p must be a number < 1, got 1");
    expect(() => new Dropout('d', 0.5, { mode: 'keras' as 'dlfs' })).toThrow(
      `Dropout 'd': option mode must be one of inverted, dlfs, got "keras"`,
    );
  });
});
