/**
 * The configuration of `optlab train --config FILE` (JSON or YAML), validated
 * once with every default filled. See the README for an example.
 *
 * Limits (docs/guarantees.md): at most 100 hidden layers of at most 100,000
 * units each, batchSize ≤ 1,000,000, epochs ≤ 1,000,000; the CLI also refuses
 * more than OPTLAB_MAX_PARAMS parameters (default 20 million) and more than
 * OPTLAB_MAX_BATCH_ACTIVATIONS batch × width activations (default 50 million).
 * The divergence guard is on unless `divergence: false`.
 */
import { z } from 'zod';
import { clipSchema, optimizerSchema, scheduleSchema } from '../contract/index.js';
import { count, index, nonnegative, positive } from '../options/index.js';
import { divergenceSchema } from './divergence.js';
import { earlyStoppingSchema } from './earlyStopping.js';

export const trainConfigSchema = z.strictObject({
  /** 'mnist' (built-in digits unless `dataDir`), 'fashion-mnist', or a folder of IDX files. */
  data: z.string().default('mnist'),
  /** Fraction (0, 1) or count of training rows held out for validation (0: none). */
  validation: nonnegative().default(0.1),
  /** Standardise inputs with training-set statistics (default false: pixels in [0, 1]). */
  standardize: z.boolean().default(false),
  model: z
    .strictObject({
      /** Hidden layer sizes; input and output sizes come from the data. */
      hidden: z.array(count().max(100_000)).max(100).default([100]),
      activation: z.enum(['relu', 'sigmoid', 'tanh', 'leaky-relu', 'softplus']).default('relu'),
      init: z
        .union([z.string(), z.number(), z.record(z.string(), z.unknown())])
        .default('he-normal'),
      batchNorm: z
        .union([z.literal('before'), z.literal('after'), z.literal(false)])
        .default(false),
      dropout: z.number().min(0).max(0.99).default(0),
      dtype: z.enum(['float32', 'float64']).default('float32'),
    })
    .prefault({}),
  optimizer: optimizerSchema,
  schedule: scheduleSchema.optional(),
  clip: clipSchema.optional(),
  batchSize: count().max(1_000_000).default(100),
  epochs: count().max(1_000_000).default(10),
  iterations: count().max(1e12).optional(),
  sampler: z.enum(['epoch', 'replacement']).default('epoch'),
  earlyStopping: earlyStoppingSchema.optional(),
  averaging: z
    .strictObject({
      kind: z.enum(['polyak', 'ema']),
      start: index().optional(),
      decay: positive().max(1).optional(),
    })
    .optional(),
  /** Rows of the training set evaluated after each epoch (0: skip; default all). */
  trainEvalSize: index().optional(),
  seed: z.number().int().default(0),
  checkpointEvery: count().default(1),
  /** The divergence guard of fit (train/divergence.ts, its defaults); `false` turns it off. */
  divergence: z.union([z.literal(false), divergenceSchema.omit({ startRows: true })]).prefault({}),
});

/** Config fields that may change when a run is resumed (how long it runs, how often it saves, the guard). */
export const RESUMABLE_FIELDS = ['epochs', 'iterations', 'checkpointEvery', 'divergence'] as const;

export type TrainConfig = z.output<typeof trainConfigSchema>;
