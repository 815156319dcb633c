/**
 * The browser-safe part of the training layer (`train` in `optlab/core`): the
 * loop without files, evaluation, the `optlab train` configuration and its
 * setup. `index.ts` adds checkpoints in files and `fit` with them.
 */
import type { Model } from '../nn/index.js';
import { fitLoop } from './loop.js';
import type { FitOptions, History, TrainData } from './types.js';

export { recomputeBatchNorm } from './batchNormStats.js';
export type { CheckpointData, CheckpointStore } from './checkpointStore.js';
export { type TrainConfig, trainConfigSchema } from './config.js';
export { evaluate } from './evaluate.js';
export { TrainingError } from './loop.js';
export { setupTraining, type TrainingSetup } from './setup.js';
export type {
  Callbacks,
  EpochInfo,
  FitOptions,
  History,
  Progress,
  StepInfo,
  TrainData,
} from './types.js';

/** The training loop with no checkpoints (options `checkpoint` and `resume` are refused). */
export function fit(model: Model, train: TrainData, o: FitOptions): Promise<History> {
  return fitLoop(model, train, o, null);
}
