/**
 * The dataset type of optlab: plain typed arrays with explicit shapes.
 *
 * A `Dataset` holds `n` labelled samples. `x` is row-major, one row of
 * `features = ∏ shape` numbers per sample (sample i occupies
 * `x[i·features … (i+1)·features)`); `y[i]` is its class label in `[0, classes)`.
 * `shape` is the per-sample shape, e.g. `[784]` or `[28, 28]`; it never changes
 * the layout of `x`, only how a model may view a row.
 *
 * The element type is `Float32Array` by default (the size of MNIST in float64
 * would double memory for nothing); `toFloat64` makes a float64 copy for the
 * float64 engine and the full-batch methods.
 *
 * Pure module: no Node imports, runs in a browser.
 */

/** Sample storage of a dataset. */
export type FloatArray = Float32Array | Float64Array;

/** `n` labelled samples, row-major. */
export interface Dataset<X extends FloatArray = Float32Array> {
  /** Samples, row-major, length `n · features`. */
  readonly x: X;
  /** Class labels in `[0, classes)`, length `n`. */
  readonly y: Int32Array;
  /** Number of samples. */
  readonly n: number;
  /** Numbers per sample: the product of `shape`. */
  readonly features: number;
  /** Per-sample shape, e.g. `[784]` or `[28, 28]`. */
  readonly shape: readonly number[];
  /** Number of classes; every label lies in `[0, classes)`. */
  readonly classes: number;
  /** Optional human-readable class names (length `classes`). */
  readonly classNames?: readonly string[];
  /** Optional name, e.g. `'mnist/train'`. */
  readonly name?: string;
}

/** Train and test parts of a dataset as loaded from disk or built in. */
export interface DatasetSplits<X extends FloatArray = Float32Array> {
  readonly train: Dataset<X>;
  readonly test: Dataset<X>;
}

/** Fields accepted by `makeDataset`. */
export interface DatasetInit<X extends FloatArray> {
  x: X;
  y: Int32Array;
  shape: readonly number[];
  /** Default: 1 + the largest label (at least 1). */
  classes?: number;
  classNames?: readonly string[];
  name?: string;
}

/**
 * Build a dataset after checking that lengths, shape and labels agree.
 * Throws `RangeError` naming the inconsistency.
 */
export function makeDataset<X extends FloatArray>(init: DatasetInit<X>): Dataset<X> {
  const { x, y, shape } = init;
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(
      `makeDataset: shape must be a non-empty list of positive integers, got [${shape.join(', ')}]`,
    );
  }
  const features = shape.reduce((a, b) => a * b, 1);
  const n = y.length;
  if (x.length !== n * features) {
    throw new RangeError(
      `makeDataset: x has length ${x.length}, expected n · features = ${n} · ${features} = ${n * features}`,
    );
  }
  let maxLabel = -1;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v < 0) throw new RangeError(`makeDataset: label y[${i}] = ${v} is negative`);
    if (v > maxLabel) maxLabel = v;
  }
  const classes = init.classes ?? Math.max(1, maxLabel + 1);
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`makeDataset: classes must be a positive integer, got ${classes}`);
  }
  if (maxLabel >= classes) {
    throw new RangeError(
      `makeDataset: label ${maxLabel} is outside [0, ${classes}) (classes = ${classes})`,
    );
  }
  if (init.classNames !== undefined && init.classNames.length !== classes) {
    throw new RangeError(
      `makeDataset: classNames has ${init.classNames.length} names, expected classes = ${classes}`,
    );
  }
  const ds: Dataset<X> = {
    x,
    y,
    n,
    features,
    shape: [...shape],
    classes,
    ...(init.classNames !== undefined ? { classNames: [...init.classNames] } : {}),
    ...(init.name !== undefined ? { name: init.name } : {}),
  };
  return ds;
}

/** Copy of the same dataset with `x` converted to float64 (labels copied too). */
export function toFloat64(ds: Dataset<FloatArray>): Dataset<Float64Array> {
  return { ...ds, x: Float64Array.from(ds.x), y: ds.y.slice(), shape: [...ds.shape] };
}

/** Copy of the same dataset with `x` converted to float32. */
export function toFloat32(ds: Dataset<FloatArray>): Dataset<Float32Array> {
  return { ...ds, x: Float32Array.from(ds.x), y: ds.y.slice(), shape: [...ds.shape] };
}

/**
 * A new dataset made of the rows `indices` (in that order; repeats allowed).
 * Throws `RangeError` if an index is outside `[0, n)`.
 */
export function subset<X extends FloatArray>(
  ds: Dataset<X>,
  indices: ArrayLike<number>,
  name?: string,
): Dataset<X> {
  const m = indices.length;
  const f = ds.features;
  const x = new (ds.x.constructor as { new (len: number): X })(m * f);
  const y = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) {
      throw new RangeError(`subset: index ${i} at position ${k} is outside [0, ${ds.n})`);
    }
    y[k] = ds.y[i]!;
    const src = i * f;
    const dst = k * f;
    for (let j = 0; j < f; j++) x[dst + j] = ds.x[src + j]!;
  }
  const nm = name ?? ds.name;
  return { ...ds, x, y, n: m, shape: [...ds.shape], ...(nm !== undefined ? { name: nm } : {}) };
}

/** The first `count` samples (a copy); `count` is clipped to `n`. */
export function take<X extends FloatArray>(ds: Dataset<X>, count: number): Dataset<X> {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`take: count must be a non-negative integer, got ${count}`);
  }
  const m = Math.min(count, ds.n);
  return {
    ...ds,
    x: ds.x.slice(0, m * ds.features) as X,
    y: ds.y.slice(0, m),
    n: m,
    shape: [...ds.shape],
  };
}

/** Number of samples of each class, length `classes`. */
export function classCounts(ds: Dataset<FloatArray>): Int32Array {
  const c = new Int32Array(ds.classes);
  for (let i = 0; i < ds.n; i++) {
    const k = ds.y[i]!;
    c[k] = c[k]! + 1;
  }
  return c;
}

/** A view-free copy of row `i` (for inspection and tests, not for hot loops). */
export function row(ds: Dataset<FloatArray>, i: number): Float64Array {
  if (!Number.isInteger(i) || i < 0 || i >= ds.n) {
    throw new RangeError(`row: index ${i} is outside [0, ${ds.n})`);
  }
  return Float64Array.from(ds.x.subarray(i * ds.features, (i + 1) * ds.features));
}
