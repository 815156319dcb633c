/**
 * The configuration of `optlab train --config FILE` (JSON or YAML), validated
 * once with every default filled. See the README for an example.
 */
import { z } from 'zod';
import { clipSchema, optimizerSchema, scheduleSchema } from '../optim/spec.js';

const pos = z.number().positive();
const posInt = z.number().int().positive();

export const trainConfigSchema = z.strictObject({
  /** 'mnist' (built-in digits unless `dataDir`), 'fashion-mnist', or a folder of IDX files. */
  data: z.string().default('mnist'),
  /** Fraction (0, 1) or count of training rows held out for validation (0: none). */
  validation: z.number().min(0).default(0.1),
  /** Standardise inputs with training-set statistics (default false: pixels in [0, 1]). */
  standardize: z.boolean().default(false),
  model: z
    .strictObject({
      /** Hidden layer sizes; input and output sizes come from the data. */
      hidden: z.array(posInt).default([100]),
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
  batchSize: posInt.default(100),
  epochs: posInt.default(10),
  iterations: posInt.optional(),
  sampler: z.enum(['epoch', 'replacement']).default('epoch'),
  earlyStopping: z
    .strictObject({
      monitor: z
        .enum(['val_loss', 'val_accuracy', 'train_loss', 'train_accuracy'])
        .default('val_loss'),
      patience: z.number().int().min(0).default(5),
      minDelta: z.number().min(0).default(0),
      restoreBest: z.boolean().default(true),
    })
    .optional(),
  averaging: z
    .strictObject({
      kind: z.enum(['polyak', 'ema']),
      start: z.number().int().min(0).optional(),
      decay: pos.max(1).optional(),
    })
    .optional(),
  /** Rows of the training set evaluated after each epoch (0: skip; default all). */
  trainEvalSize: z.number().int().min(0).optional(),
  seed: z.number().int().default(0),
  checkpointEvery: posInt.default(1),
});

export type TrainConfig = z.output<typeof trainConfigSchema>;
