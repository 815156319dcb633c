/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates for Training
 * Neural Networks", WACV 2017, §3.3; the form popularised by fastai's
 * `lr_find`): train for N steps while the learning rate grows exponentially,
 *
 *   η_k = η_min · (η_max / η_min)^{k/(N−1)},   k = 0 … N−1,
 *
 * record each minibatch loss L_k, and smooth it by an exponential moving
 * average with bias correction,
 *
 *   a_k = β a_{k−1} + (1 − β) L_k,   s_k = a_k / (1 − β^{k+1})   (β = 0.98).
 *
 * The run stops early once s_k > 4 · min_{j≤k} s_j (the loss is blowing up) or
 * the loss is not finite. Two suggestions are read from the smoothed curve:
 * `steepest`, the η where s falls fastest against log η (before the minimum),
 * and `minOver10`, the η of the minimum of s divided by 10.
 *
 * The model is trained in place: run the test on a fresh model (or restore θ).
 */
import { z } from 'zod';
import type { Model } from '../nn/index.js';
import type { Schedule, Transform } from '../optim/index.js';
import { count, decay, OptionError, parseOptions, positive } from '../options/index.js';
import { fit, TrainingError } from './fit.js';
import type { TrainData } from './types.js';

/** The options of {@link lrRangeTest} with their defaults (the CLI's flags fill these too). */
export const lrRangeTestSchema = z
  .strictObject({
    optimizer: z.custom<(lr: Schedule) => Transform<unknown>>((v) => typeof v === 'function', {
      message: 'must be a function from the swept lr (a schedule) to an optimizer',
    }),
    batchSize: count(),
    lrMin: positive().default(1e-7),
    lrMax: positive().default(10),
    steps: z.number().int().min(5).default(100),
    beta: decay().default(0.98),
    divergeFactor: z.number().gt(1).default(4),
    seed: z.number().int().default(0),
  })
  .superRefine((o, ctx) => {
    if (!(o.lrMax > o.lrMin))
      ctx.addIssue({ code: 'custom', path: ['lrMax'], message: `must be > lrMin (${o.lrMin})` });
  });

/** The range test's options filled with their defaults. */
export type LrRangeTestSettings = z.output<typeof lrRangeTestSchema>;

export interface LrRangeTestOptions {
  /** The optimizer with the swept learning rate as its lr (a schedule of the step). */
  optimizer: (lr: Schedule) => Transform<unknown>;
  batchSize: number;
  /** Smallest learning rate, > 0 (default 1e-7). */
  lrMin?: number;
  /** Largest learning rate, > lrMin (default 10). */
  lrMax?: number;
  /** Number of steps N ≥ 5 (default 100). */
  steps?: number;
  /** EMA weight β of the smoothing, in [0, 1) (default 0.98). */
  beta?: number;
  /** Stop once the smoothed loss exceeds this multiple of its minimum (default 4). */
  divergeFactor?: number;
  /** Sampler seed of `fit` (default 0). */
  seed?: number;
}

export interface LrRangeTestResult {
  /** The learning rate of each step taken. */
  lrs: number[];
  /** The minibatch loss of each step (before its update). */
  losses: number[];
  /** The bias-corrected EMA of the losses. */
  smoothed: number[];
  suggestion: {
    /** η of the steepest fall of the smoothed loss against log η. */
    steepest: number;
    /** η of the smallest smoothed loss, divided by 10. */
    minOver10: number;
  };
  /** Why the sweep ended. */
  stoppedBy: 'completed' | 'diverged' | 'non-finite';
  /** The options it ran with, defaults filled (lrMin, lrMax, steps, …). */
  settings: Omit<LrRangeTestSettings, 'optimizer'>;
}

/** Runs the range test on `model` (trained in place) with minibatches of `train`. */
export async function lrRangeTest(
  model: Model,
  train: TrainData,
  options: LrRangeTestOptions,
): Promise<LrRangeTestResult> {
  const o = parseOptions('lrRangeTest', lrRangeTestSchema, options);
  const ratio = Math.log(o.lrMax / o.lrMin);
  let current = o.lrMin;
  const schedule: Schedule = (k) => {
    current = o.lrMin * Math.exp((ratio * Math.min(k, o.steps - 1)) / (o.steps - 1));
    return current;
  };
  const lrs: number[] = [];
  const losses: number[] = [];
  const smoothed: number[] = [];
  let avg = 0;
  let best = Number.POSITIVE_INFINITY;
  let stoppedBy: LrRangeTestResult['stoppedBy'] = 'completed';
  try {
    await fit(model, train, {
      optimizer: o.optimizer(schedule),
      batchSize: o.batchSize,
      iterations: o.steps,
      trainEvalSize: 0,
      recordSteps: false,
      seed: o.seed,
      callbacks: {
        onStep(info) {
          const k = losses.length;
          avg = o.beta * avg + (1 - o.beta) * info.loss;
          const s = avg / (1 - o.beta ** (k + 1));
          lrs.push(current);
          losses.push(info.loss);
          smoothed.push(s);
          best = Math.min(best, s);
          if (k > 0 && s > o.divergeFactor * best) {
            stoppedBy = 'diverged';
            return 'stop';
          }
          return undefined;
        },
      },
    });
  } catch (e) {
    if (!(e instanceof TrainingError)) throw e;
    stoppedBy = 'non-finite';
  }
  // nothing to read a suggestion from: the start was already too large
  if (losses.length < 2)
    throw new OptionError(
      `lrRangeTest: the loss blew up after ${losses.length} step(s) at lr ${current}; lower lrMin`,
      'lrRangeTest',
      'lrMin',
    );
  const { optimizer: _, ...settings } = o;
  return { lrs, losses, smoothed, suggestion: suggest(lrs, smoothed), stoppedBy, settings };
}

/**
 * The two suggestions of a smoothed curve: the steepest descent of s against
 * log η up to the minimum (central differences, the first 10% of the points
 * skipped as the EMA's warm-up), and the minimum's η over 10.
 */
export function suggest(lrs: number[], smoothed: number[]): LrRangeTestResult['suggestion'] {
  let iMin = 0;
  for (let i = 1; i < smoothed.length; i++) if (smoothed[i]! < smoothed[iMin]!) iMin = i;
  const start = Math.min(Math.floor(smoothed.length / 10), Math.max(0, iMin - 1));
  let iSteep = start;
  let steepest = Number.POSITIVE_INFINITY;
  for (let i = start; i <= iMin; i++) {
    const a = Math.max(0, i - 1);
    const b = Math.min(smoothed.length - 1, i + 1);
    if (a === b) continue;
    const d = (smoothed[b]! - smoothed[a]!) / (Math.log(lrs[b]!) - Math.log(lrs[a]!));
    if (d < steepest) {
      steepest = d;
      iSteep = i;
    }
  }
  return { steepest: lrs[iSteep]!, minOver10: lrs[iMin]! / 10 };
}
