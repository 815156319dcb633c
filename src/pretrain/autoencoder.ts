/**
 * Greedy layer-wise unsupervised pretraining as an initialisation (*Deep
 * Learning* §8.7.4's remark and §15.1; Bengio et al. 2007; denoising variant:
 * Vincent et al. 2008, 2010).
 *
 *   H₀ = X
 *   for k = 0 … K−1:
 *     train an autoencoder n_k → n_{k+1} → n_k to reconstruct H_k:
 *       encoder h = act(W_k x̃ + b_k) (the deep net's hidden block k),
 *       decoder r = V h + c (its own weights, discarded afterwards),
 *       x̃ = H_k, or H_k with masking noise (each element zeroed with prob. ν)
 *       loss: 'binary-cross-entropy' J = −mean[x log σ(r) + (1−x) log(1−σ(r))]
 *             (for values in [0, 1]), or 'mse' J = mean (r − x)²
 *     keep the encoder as block k of the deep net;  H_{k+1} = encoder(H_k) (clean)
 *   the output layer keeps its random initialisation; fine-tune everything on
 *   (X, targets) — the pretraining only chooses where the supervised descent starts.
 *
 * Options (validated once):
 * - `sizes` (required), `net` [{}], `seed` [0] as in `greedySupervised`
 *   (`net.loss` is the fine-tuning loss; `net.outputActivation` applies to
 *   the deep net only: decoders are linear).
 * - `train` (required): the inputs (`data`) and the fine-tuning targets
 *   (labels unless `targets`). The autoencoders never see the targets.
 * - `stage` (required), `stageOptions(k)` [none]: fit options of each autoencoder.
 * - `reconstruction` ['auto']: 'binary-cross-entropy', 'mse', or 'auto' (binary
 *   cross-entropy when every value of the stage's input lies in [0, 1], else mse).
 * - `corruption` [0]: masking-noise probability ν ∈ [0, 1) (0: an ordinary autoencoder).
 * - `validation` [none]: reconstruction is validated on its inputs; fine-tuning on it.
 * - `fineTune` [false]: fit options for the supervised fine-tuning, or false.
 */
import { z } from 'zod';
import type { Dataset, FloatArray } from '../data/index.js';
import { Model, mlp, Sequential } from '../nn/index.js';
import { decay, parseOptions, seed } from '../options/index.js';
import { Rng } from '../random/index.js';
import { fit } from '../train/index.js';
import { type GreedySupervisedOptions, greedyFinish } from './greedy.js';
import { MaskingNoise } from './noise.js';
import {
  type GreedyResult,
  greedySupervisedSchema,
  greedyUnsupervisedSchema,
  keepFirstBlock,
  type NetOptions,
  nextInputs,
  type Stage,
  stageFitOptions,
} from './stages.js';

export type Reconstruction = 'binary-cross-entropy' | 'mse' | 'auto';

export interface GreedyUnsupervisedOptions extends GreedySupervisedOptions {
  reconstruction?: Reconstruction;
  corruption?: number;
}

/** Whether every value lies in [0, 1]. */
function inUnitInterval(x: FloatArray): boolean {
  for (let i = 0; i < x.length; i++) if (!(x[i]! >= 0 && x[i]! <= 1)) return false;
  return true;
}

/** The options of {@link autoencoder}: the stage network's `net` options, `seed` 0, `loss` 'mse', `corruption` 0. */
export const autoencoderSchema = z.strictObject({
  net: greedySupervisedSchema.shape.net,
  seed: seed().default(0),
  loss: z.enum(['binary-cross-entropy', 'mse']).default('mse'),
  corruption: decay().default(0),
});

/**
 * An autoencoder n → h → n (an mlp whose hidden block 0 is the encoder), with
 * masking noise in front when `corruption` > 0. Exported for tests and reuse.
 */
export function autoencoder(
  n: number,
  h: number,
  options: z.input<typeof autoencoderSchema>,
): Model {
  const o = parseOptions('autoencoder', autoencoderSchema, options);
  const { net, seed, loss, corruption: nu } = o;
  const ae = mlp({ ...net, sizes: [n, h, n], outputActivation: 'identity', loss, seed });
  if (nu === 0) return ae;
  const layers = (ae.net as Sequential).layers;
  const noise = new MaskingNoise('noise', nu, new Rng(seed).split());
  return new Model(new Sequential([noise, ...layers], 'dae'), ae.params, {
    loss,
    config: ae.config,
    weightDecayMask: ae.weightDecayMask,
  });
}

/** Runs the scheme of the module comment. */
export async function greedyUnsupervised(
  options: GreedyUnsupervisedOptions,
): Promise<GreedyResult> {
  const o = parseOptions('greedyUnsupervised', greedyUnsupervisedSchema, options);
  const { sizes, net, seed, reconstruction: rec, corruption: nu } = o;
  const K = sizes.length - 2;
  const deep = mlp({ ...net, sizes, seed });
  const aeNet: NetOptions = { ...net };
  delete aeNet.loss;
  delete aeNet.outputActivation;
  let h: Dataset<FloatArray> = o.train.data;
  let hv: Dataset<FloatArray> | null = o.validation?.data ?? null;
  const stages: Stage[] = [];
  for (let k = 0; k < K; k++) {
    const loss = rec === 'auto' ? (inUnitInterval(h.x) ? 'binary-cross-entropy' : 'mse') : rec;
    const ae = autoencoder(sizes[k]!, sizes[k + 1]!, {
      net: aeNet,
      seed: seed + 1 + k,
      loss,
      corruption: nu,
    });
    const opts = stageFitOptions(
      o.stage,
      o.stageOptions?.(k),
      hv ? { data: hv, targets: 'inputs' } : null,
    );
    const history = await fit(ae, { data: h, targets: 'inputs' }, opts);
    keepFirstBlock(deep, ae, k);
    stages.push({ sizes: [sizes[k]!, sizes[k + 1]!, sizes[k]!], model: ae, history });
    if (k < K - 1) ({ train: h, val: hv } = nextInputs(ae, h, hv));
  }
  return greedyFinish(deep, stages, o);
}
