/**
 * Seeded train / validation / test splits, plain or stratified.
 *
 * Sizes follow scikit-learn's `train_test_split`: a number in (0, 1) is a
 * fraction of n (rounded to the nearest count), an integer ≥ 1 is a count, 0 or
 * absent is none. Plain splits take one permutation of 0…n−1: test first, then
 * validation, the rest train. Stratified splits shuffle each class, give each
 * class its share of the test and validation counts by the largest-remainder
 * rule (so the totals are exactly the requested ones), and shuffle each part so
 * classes are interleaved. The three parts are disjoint and cover 0…n−1.
 *
 * Pure module: no Node imports.
 */
import { z } from 'zod';
import { nonnegative, parseOptions } from '../options/index.js';
import { Rng } from '../random/index.js';
import { type Dataset, type FloatArray, subset } from './dataset.js';

/**
 * Options of {@link splitIndices} and {@link splitDataset}: `rng`, the
 * generator (every split is a function of its state); `validation` and `test`
 * sizes, a fraction in (0, 1) or a count ≥ 1 (checked against n by
 * {@link resolveSize}) [0]; `stratify`, keep class proportions in every part
 * (needs labels) [false].
 */
export const splitOptions = z.strictObject({
  rng: z.instanceof(Rng),
  validation: nonnegative().default(0),
  test: nonnegative().default(0),
  stratify: z.boolean().default(false),
});
export type SplitOptions = z.input<typeof splitOptions>;

export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export interface DatasetSplit<X extends FloatArray = Float32Array> {
  train: Dataset<X>;
  validation: Dataset<X>;
  test: Dataset<X>;
}

/** Resolve a size option to a count in [0, n]; throws `RangeError` naming the option. */
export function resolveSize(v: number | undefined, n: number, name: string): number {
  if (v === undefined || v === 0) return 0;
  if (Number.isFinite(v) && v > 0 && v < 1) return Math.round(v * n);
  if (Number.isInteger(v) && v >= 1 && v <= n) return v;
  throw new RangeError(
    `${name} must be a fraction in (0, 1) or an integer count in [1, ${n}], got ${v}`,
  );
}

/**
 * Split sample indices. Pass the labels (needed for `stratify`) or just n.
 */
export function splitIndices(labelsOrN: Int32Array | number, opts: SplitOptions): SplitIndices {
  const labels = typeof labelsOrN === 'number' ? null : labelsOrN;
  const n = labels === null ? (labelsOrN as number) : labels.length;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`splitIndices: n must be ≥ 0, got ${n}`);
  const o = parseOptions('splitIndices', splitOptions, opts);
  const nTest = resolveSize(o.test, n, 'test');
  const nVal = resolveSize(o.validation, n, 'validation');
  if (nTest + nVal > n) {
    throw new RangeError(
      `splitIndices: test (${nTest}) + validation (${nVal}) exceed the ${n} samples`,
    );
  }
  const rng = o.rng;
  if (!o.stratify) {
    const p = rng.permutation(n);
    return {
      test: p.slice(0, nTest),
      validation: p.slice(nTest, nTest + nVal),
      train: p.slice(nTest + nVal),
    };
  }
  if (labels === null) throw new TypeError('splitIndices: stratify needs the labels, not just n');
  let classes = 0;
  for (let i = 0; i < n; i++) classes = Math.max(classes, labels[i]! + 1);
  const counts = new Int32Array(classes);
  for (let i = 0; i < n; i++) counts[labels[i]!]! += 1;
  const groups: Int32Array[] = [];
  const fill = new Int32Array(classes);
  for (let c = 0; c < classes; c++) groups.push(new Int32Array(counts[c]!));
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    groups[c]![fill[c]!] = i;
    fill[c]! += 1;
  }
  for (const g of groups) rng.shuffle(g);
  const testK = apportion(nTest, counts, n, new Int32Array(classes));
  const valK = apportion(nVal, counts, n, testK);
  const test = new Int32Array(nTest);
  const validation = new Int32Array(nVal);
  const train = new Int32Array(n - nTest - nVal);
  let a = 0;
  let b = 0;
  let t = 0;
  for (let c = 0; c < classes; c++) {
    const g = groups[c]!;
    const tk = testK[c]!;
    const vk = valK[c]!;
    for (let j = 0; j < g.length; j++) {
      if (j < tk) test[a++] = g[j]!;
      else if (j < tk + vk) validation[b++] = g[j]!;
      else train[t++] = g[j]!;
    }
  }
  rng.shuffle(test);
  rng.shuffle(validation);
  rng.shuffle(train);
  return { train, validation, test };
}

/**
 * Largest-remainder apportionment of `total` over classes in proportion to
 * `counts`, never giving class c more than `counts[c] − used[c]`.
 */
function apportion(total: number, counts: Int32Array, n: number, used: Int32Array): Int32Array {
  const k = counts.length;
  const out = new Int32Array(k);
  if (total === 0 || n === 0) return out;
  const frac = new Float64Array(k);
  let given = 0;
  for (let c = 0; c < k; c++) {
    const q = (total * counts[c]!) / n;
    const cap = counts[c]! - used[c]!;
    out[c] = Math.min(Math.floor(q), cap);
    frac[c] = q - Math.floor(q);
    given += out[c]!;
  }
  const order = Array.from({ length: k }, (_, c) => c).sort((p, q) => frac[q]! - frac[p]! || p - q);
  while (given < total) {
    let progressed = false;
    for (const c of order) {
      if (given === total) break;
      if (out[c]! < counts[c]! - used[c]!) {
        out[c]! += 1;
        given++;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  return out;
}

/** Split a dataset into train / validation / test datasets (copies). */
export function splitDataset<X extends FloatArray>(
  ds: Dataset<X>,
  opts: SplitOptions,
): DatasetSplit<X> {
  const s = splitIndices(ds.y, opts);
  const base = ds.name ?? 'data';
  return {
    train: subset(ds, s.train, `${base}/train`),
    validation: subset(ds, s.validation, `${base}/validation`),
    test: subset(ds, s.test, `${base}/test`),
  };
}
