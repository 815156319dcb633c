/**
 * `fit(model, train, options)`: the minibatch training loop of loop.ts with its
 * checkpoints (`options.checkpoint`, `options.resume`) kept as files. Node only;
 * the browser-safe entry (`optlab/core`) has the loop without files.
 */
import type { Model } from '../nn/index.js';
import { fileCheckpoints } from './checkpoint.js';
import { fitLoop } from './loop.js';
import type { FitOptions, History, TrainData } from './types.js';

export { TrainingError } from './loop.js';

export function fit(model: Model, train: TrainData, o: FitOptions): Promise<History> {
  return fitLoop(model, train, o, fileCheckpoints);
}
