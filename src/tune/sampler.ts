/**
 * The sampler interface, and the three samplers that ignore past results:
 * random, grid and Halton.
 *
 * Samplers are stateless functions of (seed, trial number, finished trials):
 * trial k draws its randomness from `trialRng(seed, k)`, so a study resumed
 * after a crash, or shared by several workers, proposes the same parameters for
 * the same trial number as an uninterrupted run (exactly so for samplers that
 * ignore results; for adaptive ones, given the same finished trials).
 */
import { z } from 'zod';
import { count, parseOptions } from '../options/index.js';
import { Rng } from '../random/index.js';
import { Halton } from './halton.js';
import { type CompiledSpace, decode, type Params } from './space.js';

export interface FinishedTrial {
  number: number;
  params: Params;
  /** The value to minimise (a maximised objective is negated before it gets here). */
  value: number;
}

export interface SamplerContext {
  space: CompiledSpace;
  /** Number of the trial to propose (0, 1, …). */
  number: number;
  seed: number;
  /** The study's trial budget. */
  nTrials: number;
  /** Completed trials, in trial-number order. */
  finished: FinishedTrial[];
  /** Parameters of trials other workers are running now (no value yet). */
  pending?: Params[];
}

export interface Sampler {
  readonly name: string;
  /** False when `sample` ignores `finished` and `pending` (the storage then skips reading them). */
  readonly usesHistory?: boolean;
  sample(ctx: SamplerContext): Params;
}

/** A generator for trial `number` of a study seeded `seed` (`salt` separates uses). */
export function trialRng(seed: number, number: number, salt = 0): Rng {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return new Rng(
    (lo ^ Math.imul(number + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b) ^ hi) >>> 0,
  );
}

/** Uniform in the unit cube, hence uniform / log-uniform per parameter (DLFS's random search). */
export function randomSampler(): Sampler {
  return {
    name: 'random',
    usesHistory: false,
    sample(ctx) {
      const u = new Float64Array(ctx.space.dim);
      trialRng(ctx.seed, ctx.number).fillUniform(u);
      return decode(ctx.space, u);
    },
  };
}

/** The options of {@link gridSampler} with their defaults (the tune spec reuses it). */
export const gridOptionsSchema = z.strictObject({
  /** Levels per continuous parameter (default ⌈nTrials^(1/dim)⌉, at least 2). */
  points: count().max(1_000_000).optional(),
  /** Visit the grid in a seeded random order instead of lexicographic (default false). */
  shuffle: z.boolean().default(false),
});

export type GridOptions = z.input<typeof gridOptionsSchema>;

/** The options of {@link haltonSampler} with their defaults (the tune spec reuses it). */
export const haltonSamplerOptionsSchema = z.strictObject({
  /** Random digit permutations (default true). */
  scramble: z.boolean().default(true),
});

/**
 * A full grid: `points` evenly spaced levels per continuous parameter (in
 * log space for log-scaled ones, endpoints included), every choice of a
 * categorical and every integer of an integer range (or `points` of them when
 * there are more). Trial k takes grid point k (lexicographic, the last
 * parameter fastest, or a seeded permutation); past the grid's size it cycles.
 * Points equal after decoding (inactive conditional parameters) appear once.
 */
/** A positive number from the environment (Node), else the default. */
function envLimit(name: string, def: number): number {
  const raw = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.[name];
  const v = raw === undefined ? Number.NaN : Number(raw);
  return v > 0 ? v : def;
}

export function gridSampler(options: GridOptions = {}): Sampler {
  const o = parseOptions('gridSampler', gridOptionsSchema, options);
  let cache: { key: string; grid: Params[]; order: Int32Array | null } | null = null;
  const build = (ctx: SamplerContext) => {
    const points = o.points ?? Math.max(2, Math.ceil(ctx.nTrials ** (1 / ctx.space.dim) - 1e-9));
    const key = `${points}:${ctx.seed}`;
    if (cache?.key === key) return cache;
    const levels: number[][] = ctx.space.params.map((p) => {
      const s = p.spec;
      if (s.type === 'categorical') return s.choices.map((_, i) => (i + 0.5) / s.choices.length);
      if (s.type === 'int' && !p.log && s.high - s.low + 1 <= points) {
        const k = s.high - s.low + 1;
        return Array.from({ length: k }, (_, i) => (i + 0.5) / k);
      }
      if (points === 1) return [0.5];
      return Array.from({ length: points }, (_, i) => i / (points - 1));
    });
    const size = levels.reduce((a, l) => a * l.length, 1);
    // the grid is held in memory: bound its points and its numbers (points × parameters)
    const maxPoints = envLimit('OPTLAB_MAX_GRID_POINTS', 1e6);
    const maxValues = envLimit('OPTLAB_MAX_GRID_VALUES', 2e7);
    if (size > maxPoints || size * ctx.space.dim > maxValues)
      throw new RangeError(
        `grid sampler: the grid has ${size.toPrecision(3)} points of ${ctx.space.dim} parameters (${(size * ctx.space.dim).toPrecision(3)} numbers); the limits are ${maxPoints} points (OPTLAB_MAX_GRID_POINTS) and ${maxValues} numbers (OPTLAB_MAX_GRID_VALUES): use fewer "points" or raise them`,
      );
    const grid: Params[] = [];
    const seen = new Set<string>();
    const u = new Float64Array(ctx.space.dim);
    for (let k = 0; k < size; k++) {
      let r = k;
      for (let j = ctx.space.dim - 1; j >= 0; j--) {
        const l = levels[j]!;
        u[j] = l[r % l.length]!;
        r = Math.floor(r / l.length);
      }
      const p = decode(ctx.space, u);
      const id = JSON.stringify(p);
      if (!seen.has(id)) {
        seen.add(id);
        grid.push(p);
      }
    }
    const order = o.shuffle ? trialRng(ctx.seed, -1, 7).permutation(grid.length) : null;
    cache = { key, grid, order };
    return cache;
  };
  return {
    name: 'grid',
    usesHistory: false,
    sample(ctx) {
      const { grid, order } = build(ctx);
      const k = ctx.number % grid.length;
      return { ...grid[order ? order[k]! : k]! };
    },
  };
}

/** Quasi-random: trial k takes point k of a (scrambled, seeded) Halton sequence. */
export function haltonSampler(options: z.input<typeof haltonSamplerOptionsSchema> = {}): Sampler {
  const { scramble } = parseOptions('haltonSampler', haltonSamplerOptionsSchema, options);
  let cache: { key: string; h: Halton } | null = null;
  return {
    name: 'halton',
    usesHistory: false,
    sample(ctx) {
      const key = `${ctx.space.dim}:${ctx.seed}`;
      if (cache?.key !== key) {
        cache = {
          key,
          h: new Halton(ctx.space.dim, { scramble, seed: ctx.seed }),
        };
      }
      return decode(ctx.space, cache.h.point(ctx.number));
    },
  };
}
