/**
 * pretrain/: greedy layer-wise pretraining (supervised, and unsupervised with
 * (denoising) autoencoders), transfer of parameters by name with frozen
 * layers, and FitNets (hint training + knowledge distillation).
 */
export {
  autoencoder,
  type GreedyUnsupervisedOptions,
  greedyUnsupervised,
  type Reconstruction,
} from './autoencoder.js';
export {
  DistillationLoss,
  type DistillationOptions,
  distillationTargets,
  withLoss,
} from './distillation.js';
export {
  type ColumnStats,
  columnStats,
  type HintOptions,
  type HintResult,
  standardizeColumns,
  trainHints,
} from './fitnets.js';
export { type GreedySupervisedOptions, greedySupervised } from './greedy.js';
export { MaskingNoise } from './noise.js';
export {
  blockOutputName,
  hiddenDataset,
  type LayerValues,
  layerValues,
} from './representation.js';
export type { GreedyResult, NetOptions, Stage } from './stages.js';
export { freezeLayers, layersMask, transferLayers, transferParameters } from './transfer.js';
