/**
 * One trial of the `mlp-mnist` objective (see mlpSpec.ts): build the network,
 * train it with SGD (+ weight decay on the weights) through `fit`, report the
 * validation accuracy after every epoch, and let the pruner stop it. Node only
 * (the data loaders and `fit`'s checkpoints use the file system).
 *
 * Training runs one `fit` call per epoch so that the trial can await its report
 * and ask the pruner between epochs (fit's callbacks are synchronous). The
 * optimizer's state is carried from call to call and the model keeps its
 * parameters, so this is the same algorithm as one long run; only the minibatch
 * draws come from a fresh generator per epoch (seeded from `seed` and the epoch
 * number, identical across trials).
 */

import { optimizerFromSpec } from '../contract/index.js';
import { type Dataset, type FloatArray, loadDataset, splitIndices, subset } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { Rng } from '../random/index.js';
import { fit, TrainingError } from '../train/index.js';
import type { MlpMnistConfig, MlpMnistHooks } from './mlpSpec.js';
import { type TrialContext, TrialPruned } from './objective.js';
import type { Params } from './space.js';

export interface MlpMnistSplit {
  train: Dataset<FloatArray>;
  validation: Dataset<FloatArray>;
  /** Rows of the dataset's training part that went into each (disjoint). */
  indices: { train: Int32Array; validation: Int32Array };
}

const cache = new Map<string, MlpMnistSplit>();

/**
 * The training and validation sets of a configuration: `trainSize` rows drawn
 * without replacement from the dataset's training part (seeded), of which a
 * fraction `validation` is held out. The test part is never touched. Cached.
 */
export function mlpMnistSplit(c: MlpMnistConfig): MlpMnistSplit {
  const key = JSON.stringify([c.data, c.trainSize, c.validation, c.seed]);
  const hit = cache.get(key);
  if (hit) return hit;
  const full = loadDataset(c.data).train;
  if (c.trainSize > full.n) {
    throw new RangeError(
      `mlp-mnist: trainSize ${c.trainSize} exceeds the ${full.n} training samples of '${c.data}'`,
    );
  }
  const rng = new Rng(c.seed).split();
  const pick = rng.permutation(full.n).subarray(0, c.trainSize);
  const s = splitIndices(c.trainSize, { rng, validation: c.validation });
  const train = Int32Array.from(s.train, (i) => pick[i]!);
  const validation = Int32Array.from(s.validation, (i) => pick[i]!);
  const split: MlpMnistSplit = {
    train: subset(full, train, `${c.data}/tune-train`),
    validation: subset(full, validation, `${c.data}/tune-validation`),
    indices: { train, validation },
  };
  cache.set(key, split);
  return split;
}

function hyper(params: Params, name: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !(v >= 0)) {
    throw new RangeError(`mlp-mnist: parameter ${name} must be a number ≥ 0, got ${String(v)}`);
  }
  return v;
}

/** Trains one trial; returns the last epoch's validation accuracy (NaN if training diverged). */
export async function trainMlpTrial(
  c: MlpMnistConfig,
  params: Params,
  trial: TrialContext,
  hooks: MlpMnistHooks = {},
): Promise<number> {
  const lr = hyper(params, 'lr');
  const weightDecay = hyper(params, 'weightDecay');
  const data = mlpMnistSplit(c);
  const root = new Rng(c.seed);
  root.split(); // the data split's stream (mlpMnistSplit)
  const initRng = root.split();
  const batchRng = root.split();
  const model = mlp({
    sizes: [data.train.features, ...c.hidden, data.train.classes],
    dtype: c.dtype,
    rng: initRng,
  });
  const base = optimizerFromSpec({ name: 'sgd', lr, weightDecay }, { mask: model.weightDecayMask });
  const state = base.init(model.theta);
  // Every per-epoch fit call continues from the same optimizer state.
  const optimizer = { ...base, init: () => state };
  let value = Number.NaN;
  for (let epoch = 1; epoch <= c.epochs; epoch++) {
    let history: Awaited<ReturnType<typeof fit>>;
    try {
      history = await fit(
        model,
        { data: data.train },
        {
          optimizer,
          batchSize: c.batchSize,
          epochs: 1,
          sampler: c.minibatches,
          validation: { data: data.validation },
          trainEvalSize: hooks.onEpoch ? data.train.n : 0,
          recordSteps: false,
          seed: batchRng.nextUint32(),
        },
      );
    } catch (e) {
      if (e instanceof TrainingError) return Number.NaN;
      throw e;
    }
    const last = history.epochs[history.epochs.length - 1]!;
    value = last.valAccuracy!;
    hooks.onEpoch?.(trial.number, {
      epoch,
      trainAccuracy: last.trainAccuracy,
      valAccuracy: value,
    });
    await trial.report(epoch, value);
    if (trial.shouldPrune()) throw new TrialPruned(`pruned after epoch ${epoch}`);
  }
  return value;
}
