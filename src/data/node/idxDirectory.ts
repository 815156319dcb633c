/**
 * Load MNIST-style data (MNIST, Fashion-MNIST, or anything in the same format)
 * from a directory holding the four standard IDX files, each plain or gzipped:
 *
 * | split | images | labels |
 * |---|---|---|
 * | train | `train-images-idx3-ubyte[.gz]` | `train-labels-idx1-ubyte[.gz]` |
 * | test | `t10k-images-idx3-ubyte[.gz]` | `t10k-labels-idx1-ubyte[.gz]` |
 *
 * Node only. Every problem is a `DataError` saying what is wrong and how to get
 * the files (`optlab data fetch`).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetSplits } from '../dataset.js';
import { DataError, howToGetData } from '../errors.js';
import { type IdxDatasetOptions, idxToDataset } from '../idxDataset.js';
import { readIdxFile } from './idxFile.js';

/** The standard file names (without `.gz`). */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Class names of Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017). */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Options of `loadIdxDirectory`. */
export type IdxDirectoryOptions = Omit<
  IdxDatasetOptions,
  'split' | 'imagesSource' | 'labelsSource'
>;

/**
 * Path of one standard file in `dir`: the plain name if present, else `.gz`.
 * Throws `DataError` 'not-found' naming both candidates when neither exists.
 */
export function findIdxFile(dir: string, base: string, dataset = 'mnist'): string {
  const plain = join(dir, base);
  if (existsSync(plain)) return plain;
  const gz = `${plain}.gz`;
  if (existsSync(gz)) return gz;
  throw new DataError(
    'not-found',
    `${dataset}: ${base} not found in ${dir} (looked for ${base} and ${base}.gz). ${howToGetData(dataset)}`,
    gz,
  );
}

/** True when `dir` holds all four standard files (plain or gzip). */
export function hasIdxFiles(dir: string): boolean {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
  return Object.values(IDX_FILES).every(
    (b) => existsSync(join(dir, b)) || existsSync(join(dir, `${b}.gz`)),
  );
}

/** Load the train and test splits from the four standard IDX files in `dir`. */
export function loadIdxDirectory(dir: string, opts: IdxDirectoryOptions = {}): DatasetSplits {
  const dataset = opts.dataset ?? 'mnist';
  if (!existsSync(dir)) {
    throw new DataError(
      'not-found',
      `${dataset}: data directory ${dir} does not exist. ${howToGetData(dataset)}`,
      dir,
    );
  }
  if (!statSync(dir).isDirectory()) {
    throw new DataError(
      'not-found',
      `${dataset}: ${dir} is not a directory. ${howToGetData(dataset)}`,
      dir,
    );
  }
  const load = (imgBase: string, lblBase: string, split: string) => {
    const imgPath = findIdxFile(dir, imgBase, dataset);
    const lblPath = findIdxFile(dir, lblBase, dataset);
    return idxToDataset(readIdxFile(imgPath, dataset), readIdxFile(lblPath, dataset), {
      ...opts,
      dataset,
      split,
      imagesSource: imgPath,
      labelsSource: lblPath,
    });
  };
  return {
    train: load(IDX_FILES.trainImages, IDX_FILES.trainLabels, 'train'),
    test: load(IDX_FILES.testImages, IDX_FILES.testLabels, 'test'),
  };
}
