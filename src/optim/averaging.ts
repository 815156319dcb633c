/**
 * Iterate averaging (Deep Learning §8.7.3): evaluate with an average of the
 * parameters visited rather than the last iterate. Both keep plain-data state
 * and are updated AFTER each optimizer step with the new θ.
 *
 * - `polyak({start = 0})` — Polyak & Juditsky (1992): θ̂ = (1/t) Σ θ_i, the
 *   arithmetic mean of the iterates from update number `start` on (the
 *   first `start` calls are ignored), as a running mean θ̂ ← θ̂ + (θ − θ̂)/t.
 * - `ema({decay α = 0.999})` — the exponential form for non-convex problems:
 *   θ̂ ← α θ̂ + (1 − α) θ, starting from θ̂ = θ₀ (the parameters given to init).
 *
 * `state.average` is the current average (the dtype of the parameters).
 */
import { z } from 'zod';
import { index, parseOptions, unit } from '../options/index.js';
import { type Vec, zerosLike } from './types.js';

/** `polyak`'s options: `start` (an integer ≥ 0, default 0). */
export const polyakSchema = z.strictObject({ start: index().default(0) });
/** `ema`'s options: `decay` α ∈ [0, 1] (default 0.999). */
export const emaSchema = z.strictObject({ decay: unit().default(0.999) });

export interface AverageState {
  /** Number of `update` calls so far. */
  count: number;
  /** Number of iterates in the average. */
  n: number;
  average: Vec;
}

export interface Averager {
  init(params: Vec): AverageState;
  update(state: AverageState, params: Vec): void;
}

export function polyak(o: z.input<typeof polyakSchema> = {}): Averager {
  const { start } = parseOptions('polyak', polyakSchema, o);
  return {
    init: (p) => ({ count: 0, n: 0, average: zerosLike(p) }),
    update(s, p) {
      const k = s.count++;
      if (k < start) return;
      const n = ++s.n;
      const a = s.average;
      const len = a.length;
      for (let i = 0; i < len; i++) a[i] = a[i]! + (p[i]! - a[i]!) / n;
    },
  };
}

export function ema(o: z.input<typeof emaSchema> = {}): Averager {
  const alpha = parseOptions('ema', emaSchema, o).decay;
  const b = 1 - alpha;
  return {
    init: (p) => ({ count: 0, n: 1, average: p.slice() }),
    update(s, p) {
      s.count++;
      s.n++;
      const a = s.average;
      const len = a.length;
      for (let i = 0; i < len; i++) a[i] = alpha * a[i]! + b * p[i]!;
    },
  };
}
