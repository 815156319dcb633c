/** Shared checks and steps of the greedy layer-wise schemes (greedy.ts, autoencoder.ts). */
import { z } from 'zod';
import type { Dataset, FloatArray } from '../data/index.js';
import type { MlpOptions, Model } from '../nn/index.js';
import { count, decay, seed } from '../options/index.js';
import type { FitOptions, History, TrainData } from '../train/index.js';
import { hiddenDataset } from './representation.js';
import { transferLayers } from './transfer.js';

/** Architecture options shared by the deep network and every stage network. */
export type NetOptions = Omit<MlpOptions, 'sizes' | 'seed' | 'rng'>;

/** One stage of a greedy scheme: the small network trained and its history. */
export interface Stage {
  /** Sizes of the stage's network, e.g. [50, 50, 10] or, for an autoencoder, [50, 50, 50]. */
  sizes: number[];
  model: Model;
  history: History;
}

export interface GreedyResult {
  /** The deep network (an ordinary mlp Model), stacked from the stages and fine-tuned if asked. */
  model: Model;
  stages: Stage[];
  /** The fine-tuning history, or null when not fine-tuned. */
  fineTune: History | null;
  /** θ of the stacked network before fine-tuning (a copy). */
  stacked: Float64Array;
}

const object = <T>() =>
  z.custom<T>((v) => v !== null && typeof v === 'object', { message: 'must be an object' });

/** The options of `greedySupervised` (with `seed` 0 and `net` {} by default). */
export const greedySupervisedSchema = z.strictObject({
  /** Input, ≥ 1 hidden, output. */
  sizes: z.array(count()).min(3),
  net: object<NetOptions>()
    .superRefine((net, ctx) => {
      for (const k of ['sizes', 'seed', 'rng'])
        if (k in net)
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: 'must not be set (the scheme sets it)',
          });
    })
    .default({}),
  seed: seed().default(0),
  train: object<TrainData>(),
  stage: object<FitOptions>(),
  stageOptions: z
    .custom<(stage: number) => Partial<FitOptions>>((v) => typeof v === 'function', {
      message: 'must be a function of the stage number',
    })
    .optional(),
  validation: object<TrainData>().optional(),
  fineTune: z.union([object<FitOptions>(), z.literal(false)]).optional(),
});

/** The options of `greedyUnsupervised`: those of `greedySupervised` and its own. */
export const greedyUnsupervisedSchema = greedySupervisedSchema.extend({
  reconstruction: z.enum(['auto', 'mse', 'binary-cross-entropy']).default('auto'),
  corruption: decay().default(0),
});

/** Copies hidden block 0 of a stage network (layer0, and bn0 if present) into block k of the deep one. */
export function keepFirstBlock(deep: Model, stage: Model, k: number): void {
  const map: Record<string, string> = { layer0: `layer${k}` };
  if (stage.params.layers.includes('bn0')) map.bn0 = `bn${k}`;
  transferLayers(deep, stage, map);
}

/** The next stage's training data: hidden block 0 of `stage` on each set. */
export function nextInputs(
  stage: Model,
  train: Dataset<FloatArray>,
  val: Dataset<FloatArray> | null,
): { train: Dataset<FloatArray>; val: Dataset<FloatArray> | null } {
  return { train: hiddenDataset(stage, train, 0), val: val ? hiddenDataset(stage, val, 0) : null };
}

/** Stage fit options: the shared ones, the per-stage overrides, and the stage's validation set. */
export function stageFitOptions(
  base: FitOptions,
  overrides: Partial<FitOptions> | undefined,
  validation: TrainData | null,
): FitOptions {
  const o: FitOptions = { ...base, ...(overrides ?? {}) };
  if (validation) o.validation = validation;
  else delete o.validation;
  return o;
}
