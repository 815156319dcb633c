/**
 * Small synthetic classification sets for experiments and tests, all seeded by
 * an `Rng`. Each returns a `Dataset` with per-sample shape `[dim]`, float32 by
 * default (`dtype: 'float64'` for the float64 engine).
 *
 * - `spirals`: K interleaved spiral arms (CS231n's "spiral data").
 * - `blobs`: isotropic Gaussian clusters (scikit-learn's `make_blobs`).
 * - `xor`: points uniform in [−1, 1]², label 1 when the signs of the two
 *   coordinates differ (not linearly separable), optional Gaussian jitter.
 * - `linearlySeparable`: two classes split by a random hyperplane with a margin.
 *
 * Pure module: no Node imports.
 */
import type { Rng } from '../random/index.js';
import type { Dataset, FloatArray } from './dataset.js';

type Dtype = 'float32' | 'float64';

function alloc(dtype: Dtype, n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

function checkCount(v: number, name: string, min = 1): void {
  if (!Number.isInteger(v) || v < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
}

function checkNonNeg(v: number, name: string): void {
  if (!(Number.isFinite(v) && v >= 0))
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${v}`);
}

function make(
  x: FloatArray,
  y: Int32Array,
  dim: number,
  classes: number,
  name: string,
): Dataset<FloatArray> {
  return { x, y, n: y.length, features: dim, shape: [dim], classes, name };
}

export interface SpiralsOptions {
  rng: Rng;
  /** Points per class (default 100). */
  perClass?: number;
  /** Number of arms/classes (default 3). */
  classes?: number;
  /** Std of the Gaussian noise added to the angle, in radians (default 0.2). */
  noise?: number;
  dtype?: Dtype;
}

/**
 * Spiral arms as in CS231n's "spiral data" example: for class k and point i of
 * m = perClass, r_i = i/(m−1) and θ_i = 4k + 4·i/(m−1) + noise·N(0,1); the point
 * is (r sin θ, r cos θ). Each arm sweeps 4 radians; classes are contiguous in `x`.
 */
export function spirals(opts: SpiralsOptions): Dataset<FloatArray> {
  const m = opts.perClass ?? 100;
  const K = opts.classes ?? 3;
  const noise = opts.noise ?? 0.2;
  checkCount(m, 'spirals: perClass', 2);
  checkCount(K, 'spirals: classes', 2);
  checkNonNeg(noise, 'spirals: noise');
  const x = alloc(opts.dtype ?? 'float32', 2 * m * K);
  const y = new Int32Array(m * K);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < m; i++) {
      const r = i / (m - 1);
      const t = 4 * k + 4 * r + noise * opts.rng.normal();
      const p = k * m + i;
      x[2 * p] = r * Math.sin(t);
      x[2 * p + 1] = r * Math.cos(t);
      y[p] = k;
    }
  }
  return make(x, y, 2, K, 'spirals');
}

export interface BlobsOptions {
  rng: Rng;
  /** Total points, split as evenly as possible over the centres (default 300). */
  n?: number;
  /** Centres as a list of points, or a number of centres drawn uniformly in `box` (default 3). */
  centers?: number | number[][];
  /** Dimension when `centers` is a number (default 2). */
  dim?: number;
  /** Cluster standard deviation (default 1). */
  std?: number;
  /** Box for random centres (default [−10, 10], as scikit-learn). */
  box?: [number, number];
  dtype?: Dtype;
}

/** Isotropic Gaussian blobs; class k is the k-th centre. */
export function blobs(opts: BlobsOptions): Dataset<FloatArray> {
  const n = opts.n ?? 300;
  const std = opts.std ?? 1;
  const [lo, hi] = opts.box ?? [-10, 10];
  checkNonNeg(std, 'blobs: std');
  let centers: number[][];
  if (Array.isArray(opts.centers)) {
    centers = opts.centers;
    if (centers.length < 1) throw new RangeError('blobs: centers must not be empty');
    const d0 = centers[0]!.length;
    if (d0 < 1 || centers.some((c) => c.length !== d0)) {
      throw new RangeError('blobs: every centre must have the same dimension ≥ 1');
    }
  } else {
    const k = opts.centers ?? 3;
    const dim = opts.dim ?? 2;
    checkCount(k, 'blobs: centers');
    checkCount(dim, 'blobs: dim');
    centers = [];
    for (let c = 0; c < k; c++) {
      const p: number[] = [];
      for (let j = 0; j < dim; j++) p.push(opts.rng.uniformIn(lo, hi));
      centers.push(p);
    }
  }
  const K = centers.length;
  const dim = centers[0]!.length;
  checkCount(n, 'blobs: n', K);
  const x = alloc(opts.dtype ?? 'float32', n * dim);
  const y = new Int32Array(n);
  let p = 0;
  for (let c = 0; c < K; c++) {
    const m = Math.floor(n / K) + (c < n % K ? 1 : 0);
    const ctr = centers[c]!;
    for (let i = 0; i < m; i++, p++) {
      for (let j = 0; j < dim; j++) x[p * dim + j] = ctr[j]! + std * opts.rng.normal();
      y[p] = c;
    }
  }
  return make(x, y, dim, K, 'blobs');
}

export interface XorOptions {
  rng: Rng;
  /** Points (default 200). */
  n?: number;
  /** Std of Gaussian jitter added after labelling (default 0). */
  noise?: number;
  dtype?: Dtype;
}

/** XOR: uniform in [−1, 1]², y = 1 when x₁·x₂ < 0 (signs differ), else 0. */
export function xor(opts: XorOptions): Dataset<FloatArray> {
  const n = opts.n ?? 200;
  const noise = opts.noise ?? 0;
  checkCount(n, 'xor: n');
  checkNonNeg(noise, 'xor: noise');
  const x = alloc(opts.dtype ?? 'float32', 2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = opts.rng.uniformIn(-1, 1);
    const b = opts.rng.uniformIn(-1, 1);
    y[i] = a * b < 0 ? 1 : 0;
    x[2 * i] = noise > 0 ? a + noise * opts.rng.normal() : a;
    x[2 * i + 1] = noise > 0 ? b + noise * opts.rng.normal() : b;
  }
  return make(x, y, 2, 2, 'xor');
}

export interface LinearOptions {
  rng: Rng;
  /** Points (default 200). */
  n?: number;
  /** Dimension (default 2). */
  dim?: number;
  /** Minimum distance from every point to the hyperplane (default 0.1). */
  margin?: number;
  dtype?: Dtype;
}

/** A linearly separable set and the hyperplane w·x + b = 0 (‖w‖ = 1) that separates it. */
export interface LinearSet extends Dataset<FloatArray> {
  readonly w: Float64Array;
  readonly b: number;
}

/**
 * Two classes split by a random hyperplane: w uniform on the unit sphere, b
 * uniform in [−0.2, 0.2]; points uniform in [−1, 1]^dim, redrawn while
 * |w·x + b| < margin; y = 1 when w·x + b > 0. The stored (possibly float32)
 * coordinates keep the margin up to rounding (≈1e-7).
 */
export function linearlySeparable(opts: LinearOptions): LinearSet {
  const n = opts.n ?? 200;
  const dim = opts.dim ?? 2;
  const margin = opts.margin ?? 0.1;
  checkCount(n, 'linearlySeparable: n');
  checkCount(dim, 'linearlySeparable: dim');
  if (!(margin >= 0 && margin < 0.5)) {
    throw new RangeError(`linearlySeparable: margin must be in [0, 0.5), got ${margin}`);
  }
  const rng = opts.rng;
  const w = new Float64Array(dim);
  let norm = 0;
  while (norm < 1e-6) {
    rng.fillNormal(w);
    norm = Math.hypot(...w);
  }
  for (let j = 0; j < dim; j++) w[j] = w[j]! / norm;
  const b = rng.uniformIn(-0.2, 0.2);
  const x = alloc(opts.dtype ?? 'float32', n * dim);
  const y = new Int32Array(n);
  const p = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    do {
      s = b;
      for (let j = 0; j < dim; j++) {
        p[j] = rng.uniformIn(-1, 1);
        s += w[j]! * p[j]!;
      }
    } while (Math.abs(s) < margin);
    for (let j = 0; j < dim; j++) x[i * dim + j] = p[j]!;
    y[i] = s > 0 ? 1 : 0;
  }
  return { ...make(x, y, dim, 2, 'linear'), w, b };
}
