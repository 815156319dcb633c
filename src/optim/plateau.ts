/**
 * `reduceOnPlateau` — cut the learning rate when a monitored metric stops
 * improving (PyTorch `ReduceLROnPlateau`). Stateful, driven by the metric, so
 * not a pure schedule: the state is plain data `{scale, best, numBad,
 * cooldown}` and the rate to use is `base · state.scale`. Plug it in with
 * `scaleByLearningRate(() => base * state.scale)` (the closure reads the state,
 * which the training loop saves alongside the optimizer's).
 *
 * After each `report(state, metric)`: an improvement is metric < best·(1 −
 * threshold) (`thresholdMode: 'rel'`) or metric < best − threshold (`'abs'`)
 * ('max' mode mirrors these). More than `patience` reports without improvement
 * multiply `scale` by `factor` (not below `minScale`), then `cooldown` reports
 * are ignored.
 *
 * Options: `mode` 'min', `factor` 0.1, `patience` 10, `threshold` 1e-4,
 * `thresholdMode` 'rel', `cooldown` 0, `minScale` 0.
 */
import { z } from 'zod';
import { decay, index, nonnegative, parseOptions, unit } from '../options/index.js';

/** `reduceOnPlateau`'s options and their defaults (PyTorch's `ReduceLROnPlateau`). */
export const plateauSchema = z.strictObject({
  mode: z.enum(['min', 'max']).default('min'),
  /** Multiplier of the scale on a plateau, in [0, 1). */
  factor: decay().default(0.1),
  /** Reports without improvement before reducing. */
  patience: index().default(10),
  threshold: nonnegative().default(1e-4),
  thresholdMode: z.enum(['rel', 'abs']).default('rel'),
  /** Reports ignored after a reduction. */
  cooldown: index().default(0),
  minScale: unit().default(0),
});

export interface PlateauState {
  scale: number;
  best: number;
  numBad: number;
  cooldown: number;
}

export type PlateauOptions = z.input<typeof plateauSchema>;

export interface ReduceOnPlateau {
  init(): PlateauState;
  /** Records one metric value; returns true when the rate was reduced. */
  report(state: PlateauState, metric: number): boolean;
}

export function reduceOnPlateau(o: PlateauOptions = {}): ReduceOnPlateau {
  const c = parseOptions('reduceOnPlateau', plateauSchema, o);
  const { mode, factor, patience, minScale } = c;
  const thr = c.threshold;
  const tm = c.thresholdMode;
  const cd = c.cooldown;
  const better = (a: number, best: number): boolean => {
    if (mode === 'min') return tm === 'rel' ? a < best * (1 - thr) : a < best - thr;
    return tm === 'rel' ? a > best * (1 + thr) : a > best + thr;
  };
  return {
    init: () => ({
      scale: 1,
      best: mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
      numBad: 0,
      cooldown: 0,
    }),
    report(s, metric) {
      if (better(metric, s.best)) {
        s.best = metric;
        s.numBad = 0;
      } else s.numBad++;
      if (s.cooldown > 0) {
        s.cooldown--;
        s.numBad = 0;
      }
      if (s.numBad > patience) {
        s.scale = Math.max(s.scale * factor, minScale);
        s.cooldown = cd;
        s.numBad = 0;
        return true;
      }
      return false;
    },
  };
}
