/**
 * The options of `fit` (types.ts documents each), validated once at the entry
 * into the filled internal form the loop trusts: defaults here and nowhere
 * else, a bad option an `OptionError` naming it (`fit: option batchSize must be
 * a number ≥ 1, got 0`; `fit: unknown option epoch (did you mean epochs?)`).
 * Objects the caller owns (the optimizer, data, callbacks, a checkpoint, the
 * progress reporter) are checked for their kind only and passed on as they
 * are (the same objects).
 */
import { z } from 'zod';
import type { Transform } from '../optim/index.js';
import { count, index, parseOptions } from '../options/index.js';
import type { CheckpointData } from './checkpointStore.js';
import { divergenceSchema } from './divergence.js';
import { earlyStoppingSchema } from './earlyStopping.js';
import type { Callbacks, FitOptions, Progress, TrainData } from './types.js';

const object = <T>(what: string) =>
  z.custom<T>((v) => v !== null && typeof v === 'object', { message: `must be ${what}` });

const trainData = object<TrainData>('training data ({ data, targets? })').refine(
  (d) => (d as { data?: unknown }).data !== undefined,
  { message: 'must be training data ({ data, targets? })' },
);

export const fitOptionsSchema = z.strictObject({
  optimizer: object<Transform<unknown>>('an optimizer (a transform with init and update)').refine(
    (t) => typeof t.init === 'function' && typeof t.update === 'function',
    { message: 'must be an optimizer (a transform with init and update)' },
  ),
  batchSize: count(),
  /** Ignored when `iterations` is given. */
  epochs: index().default(1),
  iterations: index().optional(),
  sampler: z.enum(['epoch', 'replacement']).default('epoch'),
  validation: trainData.optional(),
  /** Absent: every row. */
  trainEvalSize: index().optional(),
  evalBatchSize: count().optional(),
  earlyStopping: earlyStoppingSchema.optional(),
  /** The averager's own defaults apply (optim/averaging.ts). */
  averaging: z
    .strictObject({
      kind: z.enum(['polyak', 'ema']),
      start: z.number().optional(),
      decay: z.number().optional(),
    })
    .optional(),
  checkpoint: z
    .strictObject({ dir: z.string().min(1), everyEpochs: count().default(1) })
    .optional(),
  resume: z.union([z.string().min(1), object<CheckpointData>('a checkpoint')]).optional(),
  divergence: z.union([z.literal(false), divergenceSchema]).optional(),
  settings: z.unknown().optional(),
  meta: z.unknown().optional(),
  seed: z.number().int().default(0),
  callbacks: object<Callbacks>('an object of callbacks (onStep, onEpoch)')
    .superRefine((c, ctx) => {
      for (const [k, f] of Object.entries(c)) {
        if (k !== 'onStep' && k !== 'onEpoch')
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: 'must be one of the callbacks onStep, onEpoch',
          });
        else if (f !== undefined && typeof f !== 'function')
          ctx.addIssue({ code: 'custom', path: [k], message: 'must be a function' });
      }
    })
    .optional(),
  progress: object<Progress>('a progress reporter (start, tick, stop)').optional(),
  recordSteps: z.boolean().default(true),
});

/** `fit`'s options filled with their defaults, as the loop reads them. */
export type FitSettings = z.output<typeof fitOptionsSchema>;

/** Checks `o` once and fills the defaults (an OptionError names a bad option). */
export function fitSettings(o: FitOptions): FitSettings {
  return parseOptions('fit', fitOptionsSchema, o);
}
