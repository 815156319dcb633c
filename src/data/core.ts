/**
 * The browser-safe part of the data layer: no Node imports below this file.
 * `index.ts` re-exports all of it plus the Node-only loaders.
 */
export { type BuiltinMnistOptions, type DigitsRaw, splitBuiltinDigits } from './builtinDigits.js';
export {
  classCounts,
  type Dataset,
  type DatasetInit,
  type DatasetSplits,
  type FloatArray,
  makeDataset,
  row,
  subset,
  take,
} from './dataset.js';
export { DataError, type DataErrorCode } from './errors.js';
export type { Batch } from './gather.js';
export { decodeIdx, encodeIdx, type IdxData, type IdxDtype } from './idx.js';
export { type IdxDatasetOptions, idxToDataset } from './idxDataset.js';
export {
  applyMinMax,
  applyStandardize,
  fitMinMax,
  fitStandardize,
  type MinMaxStats,
  oneHot,
  type StandardStats,
} from './normalize.js';
export {
  type BatchSampler,
  type EpochSamplerOptions,
  epochSampler,
  type FixedBatchOptions,
  fixedBatchSampler,
  type ReplacementSamplerOptions,
  replacementSampler,
  type SamplerKind,
  type SamplerState,
} from './samplers.js';
export {
  type DatasetSplit,
  type SplitIndices,
  type SplitOptions,
  splitDataset,
  splitIndices,
} from './split.js';
export {
  type BlobsOptions,
  blobs,
  type LinearOptions as LinearlySeparableOptions,
  type LinearSet,
  linearlySeparable,
  type SpiralsOptions,
  spirals,
  type XorOptions,
  xor,
} from './synthetic.js';
export { type TensorPair, toTensors } from './tensors.js';
