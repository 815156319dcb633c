/** Node-only parts of the data layer: files, gzip, the built-in digits, downloads. */
export {
  type BuiltinMnistOptions,
  builtinDigitsDir,
  builtinMnistRaw,
  loadBuiltinMnist,
} from './builtinMnist.js';
export {
  DATASET_SOURCES,
  type FetchableDataset,
  type FetchedFile,
  type FetchOptions,
  type FetchProgress,
  fetchDataset,
  fileDigest,
} from './fetch.js';
export {
  FASHION_MNIST_CLASSES,
  findIdxFile,
  hasIdxFiles,
  IDX_FILES,
  type IdxDirectoryOptions,
  loadIdxDirectory,
} from './idxDirectory.js';
export {
  isGzip,
  readIdxFile,
  readMaybeGzip,
  tempPathFor,
  type WriteIdxOptions,
  writeFileAtomic,
  writeIdxFile,
} from './idxFile.js';
export {
  FASHION_MNIST_SYSTEM_DIR,
  type LoadDatasetOptions,
  type LoadedDataset,
  loadDataset,
} from './loadDataset.js';
