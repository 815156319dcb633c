/**
 * The project's own training objective for tuning: an MLP on MNIST, tuned over
 * its SGD learning rate and weight decay (DLFS §6.5, fig 6-24, and issue 8).
 *
 * Tune-spec form (`"objective"` of `optlab tune`; every field but `name`
 * optional, defaults in brackets):
 * - `hidden` [[100, 100, 100, 100, 100, 100]]: hidden-layer widths (DLFS's
 *   784-[100×6]-10 network); ReLU, He-normal initialisation, zero biases.
 * - `epochs` [50], `batchSize` [100]
 * - `trainSize` [500]: samples drawn (seeded) from the dataset's training part;
 *   `validation` [0.2] of them are held out for validation (DLFS: 500 samples,
 *   20 % validation). The dataset's test part is never read.
 * - `lr` [[1e-6, 1e-2]]: log-uniform range of the learning rate (DLFS: 10^U(−6, −2))
 * - `weightDecay` [[1e-8, 1e-4]]: log-uniform range of the coupled L2
 *   coefficient λ (gradient + λW), applied to weights only, not biases (DLFS's
 *   `weight_decay_lambda`, through `optimizerFromSpec`'s mask)
 * - `minibatches` ['replacement']: 'replacement' draws each minibatch with
 *   replacement (DLFS's Trainer, ⌈n/B⌉ … n/B updates per epoch) or 'epoch'
 *   (shuffled epochs)
 * - `data` ['mnist']: 'mnist' (built-in 10 k digits unless a directory is
 *   given), 'fashion-mnist', or a directory of IDX files
 * - `dtype` ['float32'], `seed` [0]
 *
 * The search space is `{lr, weightDecay}`, both log-uniform. The value is the
 * validation accuracy after the last epoch (DLFS: `val_acc_list[-1]`), and the
 * study's direction is 'maximize', so `best.value` of the tune result is the
 * best validation accuracy. Each epoch's validation accuracy is reported as an
 * intermediate value (step = epoch, 1-based) and the pruner is asked after each.
 *
 * The objective is a deterministic function of the parameters: `seed` fixes the
 * data subset and split, the initial weights and the minibatch draws, the same
 * for every trial (common random numbers — differences between trials are due
 * to the hyper-parameters alone, and a resumed or repeated trial gives the same
 * value). A trial whose training diverges (non-finite loss) fails (NaN) and the
 * study goes on.
 *
 * This file is browser-safe; training (Node: data files, `fit`) is in
 * mlpTrain.ts, imported when the first trial runs.
 */
import { z } from 'zod';
import type { TrialContext, TuneObjective } from './objective.js';
import type { Params, SearchSpace } from './space.js';

const posInt = (max: number) => z.number().int().min(1).max(max);

const logRange = (field: string) =>
  z
    .tuple([z.number().gt(0), z.number().gt(0)])
    .refine(([lo, hi]) => Number.isFinite(hi) && lo < hi, {
      message: `${field} must be [low, high] with 0 < low < high`,
    });

/** The fully filled configuration. */
export interface MlpMnistConfig {
  hidden: number[];
  epochs: number;
  batchSize: number;
  trainSize: number;
  validation: number;
  lr: [number, number];
  weightDecay: [number, number];
  minibatches: 'replacement' | 'epoch';
  data: string;
  dtype: 'float32' | 'float64';
  seed: number;
}

export const MLP_MNIST_DEFAULTS: MlpMnistConfig = {
  hidden: [100, 100, 100, 100, 100, 100],
  epochs: 50,
  batchSize: 100,
  trainSize: 500,
  validation: 0.2,
  lr: [1e-6, 1e-2],
  weightDecay: [1e-8, 1e-4],
  minibatches: 'replacement',
  data: 'mnist',
  dtype: 'float32',
  seed: 0,
};

export const mlpMnistSchema = z
  .strictObject({
    name: z.literal('mlp-mnist'),
    hidden: z.array(posInt(100_000)).max(64).optional(),
    epochs: posInt(100_000).optional(),
    batchSize: posInt(1_000_000).optional(),
    trainSize: z.number().int().min(2).optional(),
    validation: z.number().gt(0).lt(1).optional(),
    lr: logRange('lr').optional(),
    weightDecay: logRange('weightDecay').optional(),
    minibatches: z.enum(['replacement', 'epoch']).optional(),
    data: z.string().min(1).optional(),
    dtype: z.enum(['float32', 'float64']).optional(),
    seed: z.number().int().optional(),
  })
  .check((ctx) => {
    const n = ctx.value.trainSize ?? MLP_MNIST_DEFAULTS.trainSize;
    const f = ctx.value.validation ?? MLP_MNIST_DEFAULTS.validation;
    const v = Math.round(f * n);
    if (v < 1 || v >= n) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        path: ['validation'],
        message: `validation ${f} of trainSize ${n} leaves ${v} validation and ${n - v} training samples; both must be ≥ 1`,
      });
    }
  });

export type MlpMnistSpec = z.infer<typeof mlpMnistSchema>;

/** Fills the defaults of a validated spec (and checks the sizes fit together). */
export function mlpMnistConfig(spec: Omit<MlpMnistSpec, 'name'> = {}): MlpMnistConfig {
  const d = MLP_MNIST_DEFAULTS;
  const c: MlpMnistConfig = {
    hidden: [...(spec.hidden ?? d.hidden)],
    epochs: spec.epochs ?? d.epochs,
    batchSize: spec.batchSize ?? d.batchSize,
    trainSize: spec.trainSize ?? d.trainSize,
    validation: spec.validation ?? d.validation,
    lr: [...(spec.lr ?? d.lr)] as [number, number],
    weightDecay: [...(spec.weightDecay ?? d.weightDecay)] as [number, number],
    minibatches: spec.minibatches ?? d.minibatches,
    data: spec.data ?? d.data,
    dtype: spec.dtype ?? d.dtype,
    seed: spec.seed ?? d.seed,
  };
  const nVal = Math.round(c.validation * c.trainSize);
  if (nVal < 1 || nVal >= c.trainSize) {
    throw new RangeError(
      `mlp-mnist: validation ${c.validation} of trainSize ${c.trainSize} leaves ${nVal} validation and ${c.trainSize - nVal} training samples; both must be ≥ 1`,
    );
  }
  return c;
}

/** The search space: learning rate and weight decay, both log-uniform. */
export function mlpMnistSpace(c: MlpMnistConfig): SearchSpace {
  return {
    lr: { type: 'loguniform', low: c.lr[0], high: c.lr[1] },
    weightDecay: { type: 'loguniform', low: c.weightDecay[0], high: c.weightDecay[1] },
  };
}

/** What a caller may watch besides the reported values (not part of the spec). */
export interface MlpMnistHooks {
  /** After each epoch of a trial: its training and validation accuracy. */
  onEpoch?: (
    trial: number,
    epoch: { epoch: number; trainAccuracy: number; valAccuracy: number },
  ) => void;
}

/** The tunable objective of a spec (see the module note). */
export function mlpMnistObjective(
  spec: Omit<MlpMnistSpec, 'name'> = {},
  hooks: MlpMnistHooks = {},
): TuneObjective & { readonly config: MlpMnistConfig } {
  const config = mlpMnistConfig(spec);
  return {
    name: 'mlp-mnist',
    config,
    space: mlpMnistSpace(config),
    direction: 'maximize',
    async evaluate(params: Params, trial: TrialContext): Promise<number> {
      const { trainMlpTrial } = await import('./mlpTrain.js');
      return trainMlpTrial(config, params, trial, hooks);
    },
  };
}
