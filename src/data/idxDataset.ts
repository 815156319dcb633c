/**
 * Turn a pair of decoded IDX arrays (images 0x00000803, labels 0x00000801) into
 * a `Dataset`, checking that they are what MNIST-style files must be: uint8
 * images of n × rows × cols, uint8 labels of n, the same n, and labels below
 * the class count.
 *
 * Pixels become float32 `byte / 255` in [0, 1] (DLFS's `load_mnist(normalize=True)`),
 * or the raw 0…255 values with `normalize: false`. `flatten` (default true) gives
 * the per-sample shape `[rows·cols]`, otherwise `[rows, cols]`; the layout of `x`
 * is the same either way.
 *
 * Pure module: no Node imports.
 */
import type { Dataset } from './dataset.js';
import { DataError, howToGetData } from './errors.js';
import type { IdxArray } from './idx.js';

export interface IdxDatasetOptions {
  /** Per-sample shape `[rows·cols]` (true, default) or `[rows, cols]`. */
  flatten?: boolean;
  /** Divide pixels by 255 (true, default) or keep 0…255. */
  normalize?: boolean;
  /** Number of classes (default 10). */
  classes?: number;
  classNames?: readonly string[];
  /** Dataset name used in `name` and in errors (default `'mnist'`). */
  dataset?: string;
  /** Name of the split, e.g. `'train'` (goes into `name`). */
  split?: string;
  /** File names for error messages. */
  imagesSource?: string;
  labelsSource?: string;
}

/** Build a dataset from decoded image and label IDX arrays; throws `DataError` on any mismatch. */
export function idxToDataset(
  images: IdxArray,
  labels: IdxArray,
  opts: IdxDatasetOptions = {},
): Dataset {
  const dataset = opts.dataset ?? 'mnist';
  const hint = howToGetData(dataset);
  const imgSrc = opts.imagesSource ?? 'images';
  const lblSrc = opts.labelsSource ?? 'labels';
  const classes = opts.classes ?? 10;
  if (images.dtype !== 'uint8' || images.dims.length !== 3) {
    throw new DataError(
      'corrupt',
      `${imgSrc} is not an IDX image file: expected magic 0x00000803 (uint8, 3 dims), got ${images.dtype} with ${images.dims.length} dims [${images.dims.join(' × ')}]. ${hint}`,
      imgSrc,
    );
  }
  if (labels.dtype !== 'uint8' || labels.dims.length !== 1) {
    throw new DataError(
      'corrupt',
      `${lblSrc} is not an IDX label file: expected magic 0x00000801 (uint8, 1 dim), got ${labels.dtype} with ${labels.dims.length} dims [${labels.dims.join(' × ')}]. ${hint}`,
      lblSrc,
    );
  }
  const [n, rows, cols] = images.dims as [number, number, number];
  const m = labels.dims[0]!;
  if (n !== m) {
    throw new DataError(
      'mismatch',
      `${imgSrc} holds ${n} images but ${lblSrc} holds ${m} labels: the files do not belong together. ${hint}`,
      imgSrc,
    );
  }
  if (n === 0) {
    throw new DataError(
      'corrupt',
      `${imgSrc} holds 0 images: a split without images cannot be trained on or measured. ${hint}`,
      imgSrc,
    );
  }
  if (rows < 1 || cols < 1) {
    throw new DataError(
      'corrupt',
      `${imgSrc} has empty images of ${rows} × ${cols} pixels. ${hint}`,
      imgSrc,
    );
  }
  const lab = labels.data as Uint8Array;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = lab[i]!;
    if (v >= classes) {
      throw new DataError(
        'corrupt',
        `${lblSrc} is corrupt: label ${v} at index ${i} is not a class in [0, ${classes}). ${hint}`,
        lblSrc,
      );
    }
    y[i] = v;
  }
  const px = images.data as Uint8Array;
  const x = new Float32Array(px.length);
  if (opts.normalize ?? true) {
    const lut = new Float32Array(256);
    for (let b = 0; b < 256; b++) lut[b] = b / 255;
    for (let i = 0; i < px.length; i++) x[i] = lut[px[i]!]!;
  } else {
    for (let i = 0; i < px.length; i++) x[i] = px[i]!;
  }
  const shape = (opts.flatten ?? true) ? [rows * cols] : [rows, cols];
  return {
    x,
    y,
    n,
    features: rows * cols,
    shape,
    classes,
    ...(opts.classNames !== undefined ? { classNames: [...opts.classNames] } : {}),
    name: opts.split !== undefined ? `${dataset}/${opts.split}` : dataset,
  };
}
