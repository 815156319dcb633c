/** Node-only parts of the data layer: files, gzip, the built-in digits, downloads. */
export { type BuiltinMnistOptions, loadBuiltinMnist } from './builtinMnist.js';
export {
  type FetchableDataset,
  type FetchOptions,
  type FetchProgress,
  fetchDataset,
} from './fetch.js';
export {
  FASHION_MNIST_CLASSES,
  type IdxDirectoryOptions,
  loadIdxDirectory,
} from './idxDirectory.js';
export { readIdxFile, type WriteIdxOptions, writeIdxFile } from './idxFile.js';
export { type LoadDatasetOptions, type LoadedDataset, loadDataset } from './loadDataset.js';
