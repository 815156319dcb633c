/**
 * Small synthetic classification sets for experiments and tests. Each is drawn
 * from `seed` (default 0, as `mlp` and `fit` take it) or from an explicit
 * generator `rng` (which then wins, and advances). Each returns a `Dataset` with
 * per-sample shape `[dim]`, float32 by default (`dtype: 'float64'` for the
 * float64 engine). Options are checked once by the zod schemas below (defaults
 * written only there).
 *
 * - `spirals`: K interleaved spiral arms (CS231n's "spiral data").
 * - `blobs`: isotropic Gaussian clusters (scikit-learn's `make_blobs`).
 * - `xor`: points uniform in [−1, 1]², label 1 when the signs of the two
 *   coordinates differ (not linearly separable), optional Gaussian jitter.
 * - `linearlySeparable`: two classes split by a random hyperplane with a margin.
 *
 * Pure module: no Node imports.
 */
import { z } from 'zod';
import { count, finite, nonnegative, parseOptions, seed } from '../options/index.js';
import { Rng } from '../random/index.js';
import type { Dataset, FloatArray } from './dataset.js';

type Dtype = 'float32' | 'float64';

function alloc(dtype: Dtype, n: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** Options every synthetic set takes: `seed` [0] or `rng`, and `dtype` ['float32']. */
const common = {
  /** Seed of the generator the set is drawn from (default 0). */
  seed: seed().default(0),
  /** An explicit generator instead of `seed` (it advances). */
  rng: z.instanceof(Rng).optional(),
  dtype: z.enum(['float32', 'float64']).default('float32'),
};

const generator = (o: { seed: number; rng?: Rng | undefined }): Rng => o.rng ?? new Rng(o.seed);

function make(
  x: FloatArray,
  y: Int32Array,
  dim: number,
  classes: number,
  name: string,
): Dataset<FloatArray> {
  return { x, y, n: y.length, features: dim, shape: [dim], classes, name };
}

/** Options of {@link spirals}: `perClass` [100], `classes` [3], `noise` (std of the angle noise, radians) [0.2]. */
export const spiralsOptions = z.strictObject({
  ...common,
  perClass: z.number().int().min(2).default(100),
  classes: z.number().int().min(2).default(3),
  noise: nonnegative().default(0.2),
});
export type SpiralsOptions = z.input<typeof spiralsOptions>;

/**
 * Spiral arms as in CS231n's "spiral data" example: for class k and point i of
 * m = perClass, r_i = i/(m−1) and θ_i = 4k + 4·i/(m−1) + noise·N(0,1); the point
 * is (r sin θ, r cos θ). Each arm sweeps 4 radians; classes are contiguous in `x`.
 */
export function spirals(opts: SpiralsOptions = {}): Dataset<FloatArray> {
  const o = parseOptions('spirals', spiralsOptions, opts);
  const { perClass: m, classes: K, noise } = o;
  const rng = generator(o);
  const x = alloc(o.dtype, 2 * m * K);
  const y = new Int32Array(m * K);
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < m; i++) {
      const r = i / (m - 1);
      const t = 4 * k + 4 * r + noise * rng.normal();
      const p = k * m + i;
      x[2 * p] = r * Math.sin(t);
      x[2 * p + 1] = r * Math.cos(t);
      y[p] = k;
    }
  }
  return make(x, y, 2, K, 'spirals');
}

/**
 * Options of {@link blobs}: `n` total points, split as evenly as possible over
 * the centres [300]; `centers`, a list of points or a number of centres drawn
 * uniformly in `box` [3]; `dim` when `centers` is a number [2]; `std` cluster
 * standard deviation [1]; `box` [[−10, 10]] (scikit-learn's).
 */
export const blobsOptions = z
  .strictObject({
    ...common,
    n: count().default(300),
    centers: z.union([count(), z.array(z.array(finite()).min(1)).min(1)]).default(3),
    dim: count().default(2),
    std: nonnegative().default(1),
    box: z.tuple([finite(), finite()]).default([-10, 10]),
  })
  .superRefine((o, ctx) => {
    const c = o.centers;
    if (Array.isArray(c) && c.some((p) => p.length !== c[0]!.length)) {
      ctx.addIssue({
        code: 'custom',
        path: ['centers'],
        message: 'must all have the same dimension',
      });
    }
    const k = Array.isArray(c) ? c.length : c;
    if (o.n < k) {
      ctx.addIssue({ code: 'custom', path: ['n'], message: `must be a number ≥ the ${k} centres` });
    }
  });
export type BlobsOptions = z.input<typeof blobsOptions>;

/** Isotropic Gaussian blobs; class k is the k-th centre. */
export function blobs(opts: BlobsOptions = {}): Dataset<FloatArray> {
  const o = parseOptions('blobs', blobsOptions, opts);
  const { n, std } = o;
  const [lo, hi] = o.box;
  const rng = generator(o);
  let centers: number[][];
  if (Array.isArray(o.centers)) {
    centers = o.centers;
  } else {
    centers = [];
    for (let c = 0; c < o.centers; c++) {
      const p: number[] = [];
      for (let j = 0; j < o.dim; j++) p.push(rng.uniformIn(lo, hi));
      centers.push(p);
    }
  }
  const K = centers.length;
  const dim = centers[0]!.length;
  const x = alloc(o.dtype, n * dim);
  const y = new Int32Array(n);
  let p = 0;
  for (let c = 0; c < K; c++) {
    const m = Math.floor(n / K) + (c < n % K ? 1 : 0);
    const ctr = centers[c]!;
    for (let i = 0; i < m; i++, p++) {
      for (let j = 0; j < dim; j++) x[p * dim + j] = ctr[j]! + std * rng.normal();
      y[p] = c;
    }
  }
  return make(x, y, dim, K, 'blobs');
}

/** Options of {@link xor}: `n` points [200], `noise` std of the Gaussian jitter added after labelling [0]. */
export const xorOptions = z.strictObject({
  ...common,
  n: count().default(200),
  noise: nonnegative().default(0),
});
export type XorOptions = z.input<typeof xorOptions>;

/** XOR: uniform in [−1, 1]², y = 1 when x₁·x₂ < 0 (signs differ), else 0. */
export function xor(opts: XorOptions = {}): Dataset<FloatArray> {
  const o = parseOptions('xor', xorOptions, opts);
  const { n, noise } = o;
  const rng = generator(o);
  const x = alloc(o.dtype, 2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniformIn(-1, 1);
    const b = rng.uniformIn(-1, 1);
    y[i] = a * b < 0 ? 1 : 0;
    x[2 * i] = noise > 0 ? a + noise * rng.normal() : a;
    x[2 * i + 1] = noise > 0 ? b + noise * rng.normal() : b;
  }
  return make(x, y, 2, 2, 'xor');
}

/**
 * Options of {@link linearlySeparable}: `n` points [200], `dim` [2], `margin`
 * minimum distance from every point to the hyperplane, in [0, 0.5) [0.1].
 */
export const linearOptions = z.strictObject({
  ...common,
  n: count().default(200),
  dim: count().default(2),
  margin: z.number().min(0).lt(0.5).default(0.1),
});
export type LinearOptions = z.input<typeof linearOptions>;

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
export function linearlySeparable(opts: LinearOptions = {}): LinearSet {
  const o = parseOptions('linearlySeparable', linearOptions, opts);
  const { n, dim, margin } = o;
  const rng = generator(o);
  const w = new Float64Array(dim);
  let norm = 0;
  while (norm < 1e-6) {
    rng.fillNormal(w);
    norm = Math.hypot(...w);
  }
  for (let j = 0; j < dim; j++) w[j] = w[j]! / norm;
  const b = rng.uniformIn(-0.2, 0.2);
  const x = alloc(o.dtype, n * dim);
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
