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

/**
 * Trains `model` in place on minibatches of `train` and returns the history
 * (every update's loss, every epoch's metrics, why it ended). The options are
 * checked once (fitOptions.ts: a bad one is an `OptionError` naming it);
 * defaults: `epochs` 1, `sampler` 'epoch', `seed` 0, every training row
 * evaluated after each epoch. A callback (`onStep`, `onEpoch`) that returns
 * 'stop' ends training. A non-finite loss or gradient, or a blow-up caught by
 * `divergence`, throws a `TrainingError` naming the step.
 *
 * @example
 * ```ts
 * import { data, fit, mlp, optim, Rng } from 'optlab';
 *
 * // two interleaved spirals, 200 points, and a 2-32-2 tanh network
 * const spirals = data.spirals({ rng: new Rng(1), perClass: 100, classes: 2, noise: 0.1 });
 * const model = mlp({ sizes: [2, 32, 2], activation: 'tanh', seed: 1 });
 * const history = await fit(
 *   model,
 *   { data: spirals },
 *   {
 *     optimizer: optim.adam({ lr: 0.02 }),
 *     batchSize: 20,
 *     epochs: 100,
 *     seed: 1,
 *     // stop as soon as 95% of the training points are right
 *     callbacks: { onEpoch: (e) => (e.trainAccuracy > 0.95 ? 'stop' : undefined) },
 *   },
 * );
 * const last = history.epochs.at(-1);
 * console.log(history.reason, last?.epoch, last?.trainAccuracy); // callback 9 0.955
 * ```
 */
export function fit(model: Model, train: TrainData, o: FitOptions): Promise<History> {
  return fitLoop(model, train, o, fileCheckpoints);
}
