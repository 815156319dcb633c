/**
 * Feature scaling with statistics fitted on the training split only, then
 * applied unchanged to validation and test (fitting on test data would leak it),
 * and one-hot encoding of labels.
 *
 * - min-max: `x' = (x − min_j) / (max_j − min_j)` per feature j (or with one
 *   global min and max), so the training data lies in [0, 1]. A constant feature
 *   (max = min) maps to 0.
 * - standardise: `x' = (x − μ_j) / σ_j` with μ_j the mean and σ_j the population
 *   standard deviation (ddof = 0, as scikit-learn's `StandardScaler`) of feature
 *   j over the training rows; σ_j < `eps` (default 1e-12) is replaced by 1, so a
 *   constant feature (MNIST's corner pixels) maps to 0 instead of NaN.
 *
 * Statistics are float64; the scaled data keep the input's element type.
 * Pure module: no Node imports.
 */
import type { Dataset, FloatArray } from './dataset.js';

export interface MinMaxStats {
  min: Float64Array;
  max: Float64Array;
}

export interface StandardStats {
  mean: Float64Array;
  std: Float64Array;
}

/** Per-feature (default) or global min and max over the rows of `ds`. */
export function fitMinMax(
  ds: Dataset<FloatArray>,
  opts: { perFeature?: boolean } = {},
): MinMaxStats {
  const f = ds.features;
  const lo = new Float64Array(f).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(f).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < ds.n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) {
      const v = ds.x[o + j]!;
      if (v < lo[j]!) lo[j] = v;
      if (v > hi[j]!) hi[j] = v;
    }
  }
  if (opts.perFeature ?? true) return { min: lo, max: hi };
  let a = Number.POSITIVE_INFINITY;
  let b = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < f; j++) {
    a = Math.min(a, lo[j]!);
    b = Math.max(b, hi[j]!);
  }
  return { min: new Float64Array(f).fill(a), max: new Float64Array(f).fill(b) };
}

/** A copy of `ds` scaled by min-max statistics (usually fitted on the training split). */
export function applyMinMax<X extends FloatArray>(ds: Dataset<X>, stats: MinMaxStats): Dataset<X> {
  const f = ds.features;
  checkLen(stats.min.length, f, 'applyMinMax');
  const scale = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    const r = stats.max[j]! - stats.min[j]!;
    scale[j] = r > 0 ? 1 / r : 0;
  }
  const x = ds.x.slice() as X;
  for (let i = 0; i < ds.n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) x[o + j] = (x[o + j]! - stats.min[j]!) * scale[j]!;
  }
  return { ...ds, x, y: ds.y.slice(), shape: [...ds.shape] };
}

/** Per-feature mean and population standard deviation over the rows of `ds`. */
export function fitStandardize(
  ds: Dataset<FloatArray>,
  opts: { eps?: number } = {},
): StandardStats {
  const eps = opts.eps ?? 1e-12;
  if (!(eps >= 0)) throw new RangeError(`fitStandardize: eps must be ≥ 0, got ${eps}`);
  if (ds.n < 1) throw new RangeError('fitStandardize: the dataset is empty');
  const f = ds.features;
  const mean = new Float64Array(f);
  const m2 = new Float64Array(f);
  // Two passes (mean, then squared deviations): stable without Welford's divisions.
  for (let i = 0; i < ds.n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) mean[j] = mean[j]! + ds.x[o + j]!;
  }
  for (let j = 0; j < f; j++) mean[j] = mean[j]! / ds.n;
  for (let i = 0; i < ds.n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) {
      const d = ds.x[o + j]! - mean[j]!;
      m2[j] = m2[j]! + d * d;
    }
  }
  const std = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    const s = Math.sqrt(m2[j]! / ds.n);
    std[j] = s < eps ? 1 : s;
  }
  return { mean, std };
}

/** A copy of `ds` standardised by the given statistics. */
export function applyStandardize<X extends FloatArray>(
  ds: Dataset<X>,
  stats: StandardStats,
): Dataset<X> {
  const f = ds.features;
  checkLen(stats.mean.length, f, 'applyStandardize');
  const x = ds.x.slice() as X;
  for (let i = 0; i < ds.n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) x[o + j] = (x[o + j]! - stats.mean[j]!) / stats.std[j]!;
  }
  return { ...ds, x, y: ds.y.slice(), shape: [...ds.shape] };
}

/**
 * One-hot rows: `out[i·classes + y[i]] = 1`, all else 0. Writes into `out` when
 * given (length ≥ y.length · classes; it is zeroed first), else allocates float32.
 */
export function oneHot<O extends FloatArray = Float32Array>(
  y: Int32Array,
  classes: number,
  out?: O,
): O {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`oneHot: classes must be an integer ≥ 1, got ${classes}`);
  }
  const len = y.length * classes;
  const o = (out ?? new Float32Array(len)) as O;
  if (o.length < len) throw new RangeError(`oneHot: out has length ${o.length}, need ${len}`);
  o.fill(0, 0, len);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (c < 0 || c >= classes)
      throw new RangeError(`oneHot: label ${c} at ${i} is outside [0, ${classes})`);
    o[i * classes + c] = 1;
  }
  return o;
}

function checkLen(got: number, f: number, who: string): void {
  if (got !== f) throw new RangeError(`${who}: statistics have ${got} features, the data ${f}`);
}
