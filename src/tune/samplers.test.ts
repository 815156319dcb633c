import { describe, expect, it } from 'vitest';
import { dlfsSampler } from './dlfsSampler.js';
import { gpSampler } from './gpSampler.js';
import type { TuneObjective } from './objective.js';
import {
  type FinishedTrial,
  gridSampler,
  haltonSampler,
  randomSampler,
  type Sampler,
} from './sampler.js';
import { compileSpace, type SearchSpace } from './space.js';
import { branin, hartmann6, TEST_MINIMA } from './testObjectives.js';

/** Runs a sampler sequentially on an objective (no storage) and returns all trials. */
function run(obj: TuneObjective, sampler: Sampler, seed: number, n: number): FinishedTrial[] {
  const space = compileSpace(obj.space);
  const finished: FinishedTrial[] = [];
  for (let k = 0; k < n; k++) {
    const params = sampler.sample({ space, number: k, seed, nTrials: n, finished });
    finished.push({ number: k, params, value: obj.evaluate(params, null as never) as number });
  }
  return finished;
}

const bestOf = (t: FinishedTrial[]) => Math.min(...t.map((x) => x.value));
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

describe('test objectives', () => {
  it('reach their published minima at the published minimisers', () => {
    const e = (p: Record<string, number>) => branin.evaluate(p, null as never) as number;
    expect(e({ x1: -Math.PI, x2: 12.275 })).toBeCloseTo(TEST_MINIMA.branin, 6);
    expect(e({ x1: Math.PI, x2: 2.275 })).toBeCloseTo(TEST_MINIMA.branin, 6);
    const x = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573];
    const p = Object.fromEntries(x.map((v, i) => [`x${i + 1}`, v]));
    expect(hartmann6.evaluate(p, null as never) as number).toBeCloseTo(TEST_MINIMA.hartmann6, 5);
  });
});

describe('samplers', () => {
  const space: SearchSpace = {
    a: { type: 'uniform', low: -1, high: 1 },
    b: { type: 'loguniform', low: 1e-3, high: 1 },
  };
  const cs = compileSpace(space);
  const ctx = (number: number) => ({ space: cs, number, seed: 7, nTrials: 9, finished: [] });

  it('random: a function of (seed, number), inside the bounds', () => {
    const s = randomSampler();
    expect(s.sample(ctx(3))).toEqual(randomSampler().sample(ctx(3)));
    expect(s.sample(ctx(3))).not.toEqual(s.sample(ctx(4)));
    for (let k = 0; k < 50; k++) {
      const p = s.sample(ctx(k));
      expect(Math.abs(p.a as number)).toBeLessThanOrEqual(1);
      expect(p.b as number).toBeGreaterThanOrEqual(1e-3);
    }
  });

  it('grid: 9 trials in 2-d give the full 3×3 lattice (log-spaced for log parameters)', () => {
    const s = gridSampler();
    const pts = Array.from({ length: 9 }, (_, k) => s.sample(ctx(k)));
    expect(new Set(pts.map((p) => p.a)).size).toBe(3);
    const bs = [...new Set(pts.map((p) => p.b as number))].sort((x, y) => x - y);
    expect(bs[0]).toBeCloseTo(1e-3, 15);
    expect(bs[1]).toBeCloseTo(10 ** -1.5, 15);
    expect(bs[2]).toBeCloseTo(1, 15);
    expect(new Set(pts.map((p) => JSON.stringify(p))).size).toBe(9);
  });

  it('grid: a grid too large to hold is refused before it is built, naming the limits', () => {
    // 2 parameters × 2000 points each = 4e6 points > 1e6
    expect(() => gridSampler({ points: 2000 }).sample(ctx(0))).toThrow(/OPTLAB_MAX_GRID_POINTS/);
    const before = process.env.OPTLAB_MAX_GRID_POINTS;
    process.env.OPTLAB_MAX_GRID_POINTS = '1e7';
    try {
      // lifted: the same grid is built (4e6 points × 2 parameters is under 2e7 numbers)
      expect(gridSampler({ points: 2000 }).sample(ctx(0))).toHaveProperty('a');
    } finally {
      if (before === undefined) delete process.env.OPTLAB_MAX_GRID_POINTS;
      else process.env.OPTLAB_MAX_GRID_POINTS = before;
    }
  }, 120_000);

  it('halton: trial k is Halton point k, so the first 4 trials stratify a', () => {
    const s = haltonSampler();
    const cells = new Set(
      Array.from({ length: 4 }, (_, k) => Math.floor(((s.sample(ctx(k)).a as number) + 1) * 2)),
    );
    expect(cells.size).toBe(4);
  });

  it('dlfs: later rounds sample inside the box of the best earlier trials', () => {
    const s = dlfsSampler({ roundSize: 20, keep: 0.2, margin: 0 });
    const trials = run(branin, s, 1, 40);
    const r0 = trials
      .slice(0, 20)
      .sort((x, y) => x.value - y.value)
      .slice(0, 4);
    const lo = Math.min(...r0.map((t) => t.params.x1 as number));
    const hi = Math.max(...r0.map((t) => t.params.x1 as number));
    for (const t of trials.slice(20)) {
      expect(t.params.x1 as number).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(t.params.x1 as number).toBeLessThanOrEqual(hi + 1e-12);
    }
  });

  it('gp: deterministic given seed and history', () => {
    const a = run(branin, gpSampler({ candidates: 128 }), 3, 8);
    const b = run(branin, gpSampler({ candidates: 128 }), 3, 8);
    expect(a).toEqual(b);
  });

  it('GP-BO beats random search within 30 trials on Branin and Hartmann-6 (median best of 5 seeds)', () => {
    const seeds = [0, 1, 2, 3, 4];
    for (const obj of [branin, hartmann6]) {
      const gp = median(seeds.map((s) => bestOf(run(obj, gpSampler(), s, 30))));
      const rnd = median(seeds.map((s) => bestOf(run(obj, randomSampler(), s, 30))));
      expect(gp).toBeLessThan(rnd);
      if (obj === branin) expect(gp - TEST_MINIMA.branin).toBeLessThan(0.05);
    }
  });
});

describe('sampler options', () => {
  it('are checked once by the schema the tune spec reuses, naming the option and the value', () => {
    expect(() => dlfsSampler({ keep: 0 })).toThrow(
      'dlfsSampler: option keep must be a number > 0, got 0',
    );
    expect(() => dlfsSampler({ rounds: 1.5 })).toThrow(
      'dlfsSampler: option rounds must be an integer, got 1.5',
    );
    expect(() => gpSampler({ xi: -1 })).toThrow(
      'gpSampler: option xi must be a number ≥ 0, got -1',
    );
    expect(() => gpSampler({ restart: 2 } as never)).toThrow(
      'gpSampler: unknown option restart (did you mean restarts?)',
    );
    expect(() => gridSampler({ points: 0 })).toThrow(
      'gridSampler: option points must be a number ≥ 1, got 0',
    );
    expect(() => haltonSampler({ scramble: 'yes' } as never)).toThrow(
      'haltonSampler: option scramble must be a boolean, got "yes"',
    );
  });
});
