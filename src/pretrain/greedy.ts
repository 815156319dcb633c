/**
 * Greedy supervised layer-wise pretraining (*Deep Learning* §8.7.4, fig 8.7;
 * Bengio et al. 2007, "Greedy layer-wise training of deep networks").
 *
 * For a deep network of sizes [n₀, n₁, …, n_K, n_out] (K hidden layers):
 *
 *   H₀ = X
 *   for k = 0 … K−1:
 *     train a one-hidden-layer network n_k → n_{k+1} → n_out on (H_k, targets)
 *     keep its hidden block (W, b, and batch norm if any) as block k of the deep net
 *     H_{k+1} = that block's output on H_k (evaluation mode; fixed from here on)
 *   the last stage's output layer becomes the deep net's output layer
 *   optionally fine-tune the whole stack jointly on (X, targets)
 *
 * Fig 8.7: (a) train a shallow network, (b) discard its output layer and keep
 * the first, (c) train a new hidden layer and output layer on the first
 * layer's outputs, (d) the stacked feedforward network, optionally fine-tuned.
 * Before fine-tuning the stacked network equals the pretrained pieces bit for
 * bit (its hidden outputs are the H_k the stages were trained on).
 *
 * Options (validated once):
 * - `sizes` (required): the deep network, ≥ 1 hidden layer.
 * - `net` [{}]: mlp options shared by the deep and the stage networks
 *   (activation, init, batchNorm, dropout, loss, dtype, …).
 * - `seed` [0]: the deep network is initialised with `seed`, stage k with `seed + 1 + k`.
 * - `train` (required): `{data, targets?}`, the same targets at every stage
 *   (labels by default; `targets: 'inputs'` is the unsupervised scheme: use
 *   `greedyUnsupervised`).
 * - `stage` (required): fit options of every stage (optimizer, batchSize,
 *   epochs or iterations, …); `stageOptions(k)` [none] overrides them per stage
 *   (e.g. a progress label or a fresh optimizer).
 * - `validation` [none]: evaluated after each epoch of every stage (mapped
 *   through the kept layers) and of the fine-tuning.
 * - `fineTune` [false]: fit options for the joint fine-tuning, or false.
 */
import type { z } from 'zod';
import { type Model, mlp } from '../nn/index.js';
import { parseOptions } from '../options/index.js';
import { type FitOptions, fit, type TrainData } from '../train/index.js';
import {
  type GreedyResult,
  greedySupervisedSchema,
  keepFirstBlock,
  type NetOptions,
  nextInputs,
  type Stage,
  stageFitOptions,
} from './stages.js';
import { transferLayers } from './transfer.js';

/** Options of `greedySupervised`; `greedyUnsupervised` takes them too (plus its own). */
export interface GreedySupervisedOptions {
  sizes: readonly number[];
  net?: NetOptions;
  seed?: number;
  train: TrainData;
  stage: FitOptions;
  stageOptions?: (stage: number) => Partial<FitOptions>;
  validation?: TrainData;
  fineTune?: FitOptions | false;
}

/**
 * Ends a greedy scheme: records the stacked parameters, then fine-tunes the
 * deep network jointly on `train` (validated on `validation`) when `fineTune`
 * is given.
 */
export async function greedyFinish(
  deep: Model,
  stages: Stage[],
  o: z.output<typeof greedySupervisedSchema>,
): Promise<GreedyResult> {
  const stacked = deep.params.getFlat();
  let fineTune = null;
  if (o.fineTune) {
    fineTune = await fit(deep, o.train, {
      ...o.fineTune,
      ...(o.validation ? { validation: o.validation } : {}),
    });
  }
  return { model: deep, stages, fineTune, stacked };
}

/** Runs the scheme of the module comment. */
export async function greedySupervised(options: GreedySupervisedOptions): Promise<GreedyResult> {
  const o = parseOptions('greedySupervised', greedySupervisedSchema, options);
  const { sizes, net, seed } = o;
  if (o.train.targets === 'inputs' || o.validation?.targets === 'inputs') {
    throw new RangeError(
      "greedySupervised: targets 'inputs' (reconstruction) is the unsupervised scheme; use greedyUnsupervised",
    );
  }
  const K = sizes.length - 2;
  const nOut = sizes[K + 1]!;
  const deep = mlp({ ...net, sizes, seed });
  const withTargets = (d: TrainData, data: TrainData['data']): TrainData =>
    d.targets === undefined
      ? { data }
      : {
          data,
          targets: d.targets,
          ...(d.targetFeatures ? { targetFeatures: d.targetFeatures } : {}),
        };
  let h = o.train.data;
  let hv = o.validation?.data ?? null;
  const stages: Stage[] = [];
  for (let k = 0; k < K; k++) {
    const stageSizes = [sizes[k]!, sizes[k + 1]!, nOut];
    const stage = mlp({ ...net, sizes: stageSizes, seed: seed + 1 + k });
    const opts = stageFitOptions(
      o.stage,
      o.stageOptions?.(k),
      o.validation && hv ? withTargets(o.validation, hv) : null,
    );
    const history = await fit(stage, withTargets(o.train, h), opts);
    keepFirstBlock(deep, stage, k);
    if (k === K - 1) transferLayers(deep, stage, { layer1: `layer${K}` });
    stages.push({ sizes: stageSizes, model: stage, history });
    if (k < K - 1) ({ train: h, val: hv } = nextInputs(stage, h, hv));
  }
  return greedyFinish(deep, stages, o);
}
