/**
 * The built-in digits' train/test split as a pure function of their pixels and
 * labels, so Node (which reads the `mnist` package's files) and the browser lab
 * (which fetches the same digits as one asset) get the same rows in the same
 * order: a seeded split (default 8000/2000, stratified by class, seed 0), both
 * parts shuffled, pixels as byte/255.
 *
 * Pure module: no Node imports.
 */
import { Rng } from '../random/index.js';
import type { Dataset, DatasetSplits } from './dataset.js';
import { MNIST_PIXELS } from './mnistDigits.js';
import { splitIndices } from './split.js';

/** All built-in digits: uint8 pixels (n × 784) and labels. */
export interface DigitsRaw {
  pixels: Uint8Array;
  labels: Int32Array;
}

/** Options of `splitBuiltinDigits` (and `loadBuiltinMnist`). */
export interface BuiltinMnistOptions {
  /** Seed of the train/test split (default 0: the canonical built-in split). */
  seed?: number;
  /** Test samples, a count ≥ 1 or a fraction in (0, 1) (default 2000 of 10,000). */
  testSize?: number;
  /** Stratify the split by class (default true). */
  stratify?: boolean;
  /** Per-sample shape `[784]` (true, default) or `[28, 28]`. */
  flatten?: boolean;
  /** Pixels as byte/255 in [0, 1] (true, default) or raw 0…255. */
  normalize?: boolean;
}

function build(
  raw: DigitsRaw,
  idx: Int32Array,
  normalize: boolean,
  shape: number[],
  name: string,
): Dataset {
  const m = idx.length;
  const x = new Float32Array(m * MNIST_PIXELS);
  const y = new Int32Array(m);
  const lut = new Float32Array(256);
  for (let b = 0; b < 256; b++) lut[b] = normalize ? b / 255 : b;
  const px = raw.pixels;
  const labels = raw.labels;
  const f = MNIST_PIXELS;
  for (let k = 0; k < m; k++) {
    const i = idx[k]!;
    y[k] = labels[i]!;
    const src = i * f;
    const dst = k * f;
    for (let j = 0; j < f; j++) x[dst + j] = lut[px[src + j]!]!;
  }
  return { x, y, n: m, features: MNIST_PIXELS, shape: [...shape], classes: 10, name };
}

/** The seeded train/test split of the built-in digits (fresh float32 arrays each call). */
export function splitBuiltinDigits(raw: DigitsRaw, opts: BuiltinMnistOptions = {}): DatasetSplits {
  const split = splitIndices(raw.labels, {
    rng: new Rng(opts.seed ?? 0),
    test: opts.testSize ?? 2000,
    stratify: opts.stratify ?? true,
  });
  const shape = (opts.flatten ?? true) ? [MNIST_PIXELS] : [28, 28];
  const normalize = opts.normalize ?? true;
  return {
    train: build(raw, split.train, normalize, shape, 'mnist-builtin/train'),
    test: build(raw, split.test, normalize, shape, 'mnist-builtin/test'),
  };
}
