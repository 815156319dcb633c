import { describe, expect, it } from 'vitest';
import { besselI0, ema, kaiser, smoothCurve } from './smoothing.js';

describe('ema', () => {
  it('leaves a constant series unchanged and starts at the first value', () => {
    expect([...ema([3, 3, 3, 3], 0.9)]).toEqual([3, 3, 3, 3].map(() => expect.closeTo(3, 12)));
    expect(ema([7, 0], 0.5)[0]).toBe(7);
  });
  it('matches the hand-computed debiased average', () => {
    // β = 0.5, y = [2, 4]: s1 = 0.5·2 = 1 → 1/(1−0.5) = 2; s2 = 0.5·1 + 0.5·4 = 2.5 → 2.5/(1−0.25) = 10/3
    const out = ema([2, 4], 0.5);
    expect(out[0]).toBeCloseTo(2, 14);
    expect(out[1]).toBeCloseTo(10 / 3, 14);
  });
  it('skips non-finite inputs without poisoning the average', () => {
    const out = ema([1, Number.NaN, 1], 0.9);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(1, 12);
  });
  it('validates beta', () => {
    expect(() => ema([1], 1)).toThrow(/beta must be in \[0, 1\), got 1/);
  });
});

describe('kaiser and smoothCurve', () => {
  it('I0 matches known values', () => {
    expect(besselI0(0)).toBe(1);
    expect(besselI0(1)).toBeCloseTo(1.2660658777520082, 14); // I0(1), A&S table 9.8
    expect(besselI0(2)).toBeCloseTo(2.2795853023360673, 13); // I0(2)
  });
  it('the window is symmetric, peaks at 1 and ends at 1/I0(β)', () => {
    const w = kaiser(11, 2);
    expect(w[5]).toBeCloseTo(1, 14);
    expect(w[0]).toBeCloseTo(1 / besselI0(2), 14);
    for (let i = 0; i < 11; i++) expect(w[i]).toBeCloseTo(w[10 - i]!, 14);
  });
  it('keeps length, constants, and straight lines away from the ends', () => {
    expect([...smoothCurve(new Array(20).fill(2))].every((v) => Math.abs(v - 2) < 1e-12)).toBe(
      true,
    );
    const ramp = Array.from({ length: 40 }, (_, i) => 3 * i + 1);
    const s = smoothCurve(ramp);
    expect(s.length).toBe(40);
    // a symmetric window reproduces a line wherever it does not reach a reflected end
    for (let i = 5; i < 35; i++) expect(s[i]).toBeCloseTo(ramp[i]!, 10);
  });
  it('reduces the variance of noise', () => {
    const y = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const s = smoothCurve(y);
    const maxAbs = Math.max(...[...s].slice(10, 190).map(Math.abs));
    expect(maxAbs).toBeLessThan(0.2);
  });
});
