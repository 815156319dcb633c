/**
 * From a validated `optlab train` configuration and a train/test split to what
 * `fit` needs: the validation split, standardisation, the MLP and the
 * optimizer, and the fit options. One definition for the CLI (`optlab train`)
 * and the browser lab, so a configuration exported from the lab reproduces its
 * run on the command line, number for number.
 *
 * Browser-safe: no files (checkpoints are added by the caller).
 */

import { optimizerFromSpec } from '../contract/index.js';
import {
  applyStandardize,
  type Dataset,
  type DatasetSplits,
  fitStandardize,
  splitDataset,
} from '../data/core.js';
import type { InitInput } from '../init/index.js';
import { type Model, mlp } from '../nn/index.js';
import type { Transform } from '../optim/index.js';
import { Rng } from '../random/index.js';
import type { TrainConfig } from './config.js';
import type { FitOptions } from './types.js';

export interface TrainingSetup {
  train: Dataset;
  /** The held-out part of the training rows (null when `validation` is 0). */
  validation: Dataset | null;
  test: Dataset;
  model: Model;
  optimizer: Transform<unknown>;
  /** Everything of `fit`'s options the configuration decides. */
  fitOptions: FitOptions;
}

/**
 * Builds the run of `cfg` on `data`. Throws a RangeError naming the field when
 * the optimizer settings do not make an optimizer.
 */
export function setupTraining(cfg: TrainConfig, data: DatasetSplits): TrainingSetup {
  let { train, test } = data;
  const split = splitDataset(train, {
    rng: new Rng(cfg.seed),
    ...(cfg.validation > 0 ? { validation: cfg.validation } : {}),
  });
  train = split.train;
  let validation = cfg.validation > 0 ? split.validation : null;
  if (cfg.standardize) {
    const st = fitStandardize(train);
    train = applyStandardize(train, st);
    test = applyStandardize(test, st);
    if (validation) validation = applyStandardize(validation, st);
  }
  const model = mlp({
    sizes: [train.features, ...cfg.model.hidden, train.classes],
    activation: cfg.model.activation,
    init: cfg.model.init as InitInput, // JSON: checked by mlp
    batchNorm: cfg.model.batchNorm,
    dropout: cfg.model.dropout,
    dtype: cfg.model.dtype,
    seed: cfg.seed,
  });
  const optimizer = optimizerFromSpec(cfg.optimizer, {
    ...(cfg.schedule ? { schedule: cfg.schedule } : {}),
    ...(cfg.clip ? { clip: cfg.clip } : {}),
    mask: model.weightDecayMask,
    matrices: { blocks: model.params.matrixBlocks(), size: model.size },
  });
  const fitOptions: FitOptions = {
    optimizer,
    batchSize: cfg.batchSize,
    epochs: cfg.epochs,
    ...(cfg.iterations ? { iterations: cfg.iterations } : {}),
    sampler: cfg.sampler,
    ...(validation ? { validation: { data: validation } } : {}),
    ...(cfg.earlyStopping ? { earlyStopping: cfg.earlyStopping } : {}),
    ...(cfg.averaging ? { averaging: cfg.averaging } : {}),
    ...(cfg.trainEvalSize !== undefined ? { trainEvalSize: cfg.trainEvalSize } : {}),
    seed: cfg.seed,
  };
  return { train, validation, test, model, optimizer, fitOptions };
}
