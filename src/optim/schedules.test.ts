import { describe, expect, it } from 'vitest';
import { scheduleFromSpec } from '../contract/schedule.js';
import { reduceOnPlateau } from './plateau.js';
import {
  constant,
  cosine,
  exponential,
  linearDecay,
  multiStep,
  oneCycle,
  polynomial,
  stepDecay,
  warmup,
} from './schedules.js';

describe('schedules against closed forms', () => {
  it('linear decay (CORRECTIONS #5): (1 − k/τ)ε0 + (k/τ)ετ, then ετ', () => {
    const s = linearDecay({ initial: 0.1, final: 0.001, steps: 100 });
    expect(s(0)).toBe(0.1);
    expect(s(50)).toBeCloseTo(0.5 * 0.1 + 0.5 * 0.001, 15); // 0.0505
    expect(s(100)).toBe(0.001);
    expect(s(1000)).toBe(0.001);
    for (let k = 0; k < 100; k++) expect(s(k + 1)).toBeLessThan(s(k));
  });
  it('constant, step, multi-step, exponential', () => {
    expect(constant(0.3)(12345)).toBe(0.3);
    const st = stepDecay({ initial: 1, stepSize: 10, gamma: 0.5 });
    expect([st(0), st(9), st(10), st(25)]).toEqual([1, 1, 0.5, 0.25]);
    const ms = multiStep({ initial: 2, milestones: [3, 7], gamma: 0.1 });
    expect([ms(2), ms(3), ms(6)]).toEqual([2, 2 * 0.1, 2 * 0.1]);
    expect(ms(7)).toBeCloseTo(0.02, 16);
    expect(exponential({ initial: 3, gamma: 0.9 })(4)).toBeCloseTo(3 * 0.6561, 15);
  });
  it('polynomial: power 1 is linear decay; power 2 at τ/2 is (ε0 − ετ)/4 + ετ', () => {
    const p1 = polynomial({ initial: 0.1, final: 0.001, steps: 100, power: 1 });
    const l = linearDecay({ initial: 0.1, final: 0.001, steps: 100 });
    for (const k of [0, 13, 50, 99, 100, 150]) expect(p1(k)).toBeCloseTo(l(k), 15);
    const p2 = polynomial({ initial: 1, final: 0, steps: 10, power: 2 });
    expect(p2(5)).toBeCloseTo(0.25, 15);
  });
  it('cosine: ε0 at 0, midpoint at T/2, ετ at T; SGDR restarts', () => {
    const c = cosine({ initial: 1, final: 0.1, steps: 10 });
    expect(c(0)).toBe(1);
    expect(c(5)).toBeCloseTo(0.55, 15);
    expect(c(10)).toBe(0.1);
    expect(c(20)).toBe(0.1);
    const r = cosine({ initial: 1, final: 0, steps: 10, restartMult: 2 });
    expect(r(10)).toBe(1); // restart, second cycle of length 20
    expect(r(20)).toBeCloseTo(0.5, 15); // half-way through the 20-step cycle
    expect(r(30)).toBe(1); // third cycle starts at 10 + 20
    expect(r(25)).toBeCloseTo((1 + Math.cos((Math.PI * 15) / 20)) / 2, 15);
  });
  it('warm-up joined to another schedule', () => {
    const after = linearDecay({ initial: 0.1, final: 0, steps: 10 });
    const w = warmup({ steps: 4, start: 0.02 }, after);
    expect(w(0)).toBe(0.02);
    expect(w(2)).toBeCloseTo(0.06, 15); // 0.02 + (0.1 − 0.02)·2/4
    expect(w(4)).toBe(0.1);
    expect(w(9)).toBeCloseTo(after(5), 15);
  });
  it('one-cycle (PyTorch OneCycleLR, cos): max/25 → max at pct·total − 1 → max/25/1e4 at total − 1', () => {
    const s = oneCycle({ maxLr: 1, totalSteps: 100 });
    expect(s(0)).toBeCloseTo(0.04, 15);
    expect(s(29)).toBeCloseTo(1, 15);
    expect(s(99)).toBeCloseTo(0.04 / 1e4, 15);
    // half-way up the warm phase (k = 14.5) the cosine anneal gives the mean
    expect(s(14.5)).toBeCloseTo((0.04 + 1) / 2, 12);
    for (let k = 29; k < 99; k++) expect(s(k + 1)).toBeLessThan(s(k));
    const lin = oneCycle({ maxLr: 1, totalSteps: 11, pctStart: 0.5, anneal: 'linear' });
    expect(lin(2.25)).toBeCloseTo(0.04 + 0.96 * 0.5, 12); // end1 = 4.5
  });
  it('bad options name the option', () => {
    expect(() => linearDecay({ initial: 0.1, final: 0, steps: 0 })).toThrow(/steps/);
    expect(() => multiStep({ initial: 1, milestones: [5, 3], gamma: 0.1 })).toThrow(/milestones/);
    expect(() => oneCycle({ maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow(/pctStart/);
  });
  it('schedule specs build the same functions', () => {
    const s = scheduleFromSpec({ name: 'linear-decay', initial: 0.1, final: 0.001, steps: 10 });
    expect(s(5)).toBeCloseTo(0.0505, 15);
    const w = scheduleFromSpec({
      name: 'warmup',
      steps: 2,
      after: { name: 'cosine', initial: 1, steps: 4 },
    });
    expect([w(0), w(1), w(2), w(4)]).toEqual([0, 0.5, 1, cosine({ initial: 1, steps: 4 })(2)]);
    expect(() =>
      scheduleFromSpec({ name: 'cosine', initial: 1, steps: 4, bogus: 1 } as never),
    ).toThrow();
  });
});

describe('reduceOnPlateau', () => {
  it('cuts the scale after more than `patience` non-improving reports, then cools down', () => {
    const p = reduceOnPlateau({ patience: 2, factor: 0.5, cooldown: 1 });
    const s = p.init();
    // 1.0 best; 1.0, 1.0 → 2 bad (not > 2); 1.0 → 3 bad > 2 → scale 0.5
    const out = [1, 1, 1, 1].map((m) => p.report(s, m));
    expect(out).toEqual([false, false, false, true]);
    expect(s.scale).toBe(0.5);
    // cooldown 1: the next bad report is ignored, then 3 more are needed
    const out2 = [1, 1, 1, 1].map((m) => p.report(s, m));
    expect(out2).toEqual([false, false, false, true]);
    expect(s.scale).toBe(0.25);
    expect(p.report(s, 0.5)).toBe(false);
    expect(s.best).toBe(0.5);
    expect(s.numBad).toBe(0);
  });
  it('relative threshold: a tiny improvement is not an improvement', () => {
    const p = reduceOnPlateau({ patience: 0, threshold: 0.01 });
    const s = p.init();
    p.report(s, 1);
    expect(p.report(s, 0.995)).toBe(true); // 0.995 ≥ 1·(1 − 0.01)
    expect(s.scale).toBeCloseTo(0.1, 15);
  });
});
