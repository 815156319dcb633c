/**
 * Early stopping (Deep Learning §7.8, Algorithm 7.1): watch a metric at the end
 * of each epoch; keep a copy of θ whenever it improves by more than `minDelta`;
 * stop after `patience` epochs without improvement. State is plain data.
 */
import { z } from 'zod';
import type { FloatArray } from '../data/core.js';
import { index, nonnegative, parseOptions } from '../options/index.js';
import type { EarlyStoppingOptions, EpochInfo, Monitor } from './types.js';

/** The options of early stopping with their defaults (also the `earlyStopping` of `optlab train`'s config). */
export const earlyStoppingSchema = z.strictObject({
  monitor: z.enum(['val_loss', 'val_accuracy', 'train_loss', 'train_accuracy']).default('val_loss'),
  patience: index().default(5),
  minDelta: nonnegative().default(0),
  restoreBest: z.boolean().default(true),
});

/** Early stopping's options filled with their defaults. */
export type EarlyStoppingSettings = z.output<typeof earlyStoppingSchema>;

export interface EarlyState {
  monitor: Monitor;
  patience: number;
  minDelta: number;
  best: number;
  bestEpoch: number | null;
  wait: number;
  bestTheta: FloatArray | null;
}

const FIELD: Record<Monitor, keyof EpochInfo> = {
  val_loss: 'valLoss',
  val_accuracy: 'valAccuracy',
  train_loss: 'trainLoss',
  train_accuracy: 'trainAccuracy',
};

export function earlyInit(o: EarlyStoppingOptions): EarlyState {
  const { monitor, patience, minDelta } = parseOptions('earlyStopping', earlyStoppingSchema, o);
  const maximize = monitor.endsWith('accuracy');
  return {
    monitor,
    patience,
    minDelta,
    best: maximize ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
    bestEpoch: null,
    wait: 0,
    bestTheta: null,
  };
}

/** Updates the state with an epoch's metrics; 'stop' when patience has run out. */
export function earlyUpdate(s: EarlyState, e: EpochInfo, theta: FloatArray): 'continue' | 'stop' {
  const v = e[FIELD[s.monitor]] as number;
  if (Number.isNaN(v))
    throw new RangeError(`earlyStopping: ${s.monitor} is not available (no validation set?)`);
  const maximize = s.monitor.endsWith('accuracy');
  const better = maximize ? v > s.best + s.minDelta : v < s.best - s.minDelta;
  if (better) {
    s.best = v;
    s.bestEpoch = e.epoch;
    s.wait = 0;
    if (s.bestTheta) s.bestTheta.set(theta);
    else s.bestTheta = theta.slice();
    return 'continue';
  }
  s.wait++;
  return s.wait > s.patience ? 'stop' : 'continue';
}
