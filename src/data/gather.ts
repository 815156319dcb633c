/**
 * Copy the rows of a batch into preallocated buffers: no allocation per step.
 *
 * `createBatch(ds, capacity)` allocates once; `gatherBatch(ds, indices, batch)`
 * fills `batch.x` (row-major, `batch.size · features` values used) and
 * `batch.y`, converting float32 → float64 when the buffer is float64.
 *
 * Pure module: no Node imports.
 */
import type { Dataset, FloatArray } from './dataset.js';

/** A reusable batch buffer of up to `capacity` rows. */
export interface Batch<X extends FloatArray = Float32Array> {
  /** Row-major rows, length `capacity · features`; the first `size` rows are valid. */
  readonly x: X;
  /** Labels, length `capacity`; the first `size` are valid. */
  readonly y: Int32Array;
  readonly capacity: number;
  readonly features: number;
  /** Rows filled by the last `gatherBatch`. */
  size: number;
}

/** Allocate a batch buffer for `capacity` rows of `ds`, float32 (default) or float64. */
export function createBatch(
  ds: Dataset<FloatArray>,
  capacity: number,
  dtype: 'float32' | 'float64' = 'float32',
): Batch<FloatArray> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`createBatch: capacity must be an integer ≥ 1, got ${capacity}`);
  }
  const len = capacity * ds.features;
  const x = dtype === 'float64' ? new Float64Array(len) : new Float32Array(len);
  return { x, y: new Int32Array(capacity), capacity, features: ds.features, size: 0 };
}

/**
 * Copy rows `indices` of `src` (row length `features`) into `out`, row k of the
 * batch at `out[k·features …]`. Indices are trusted (samplers produce valid ones).
 */
export function gatherRows(
  src: FloatArray,
  features: number,
  indices: Int32Array,
  out: FloatArray,
): void {
  const m = indices.length;
  for (let k = 0; k < m; k++) {
    const s = indices[k]! * features;
    const d = k * features;
    for (let j = 0; j < features; j++) out[d + j] = src[s + j]!;
  }
}

/** Copy labels `y[indices[k]]` into `out[k]`. */
export function gatherLabels(y: Int32Array, indices: Int32Array, out: Int32Array): void {
  for (let k = 0; k < indices.length; k++) out[k] = y[indices[k]!]!;
}

/** Fill `batch` with rows `indices` of `ds` and set `batch.size`; returns `batch`. */
export function gatherBatch<B extends Batch<FloatArray>>(
  ds: Dataset<FloatArray>,
  indices: Int32Array,
  batch: B,
): B {
  if (indices.length > batch.capacity) {
    throw new RangeError(
      `gatherBatch: ${indices.length} indices exceed the batch capacity ${batch.capacity}`,
    );
  }
  if (batch.features !== ds.features) {
    throw new RangeError(
      `gatherBatch: batch rows have ${batch.features} features, dataset rows ${ds.features}`,
    );
  }
  gatherRows(ds.x, ds.features, indices, batch.x);
  gatherLabels(ds.y, indices, batch.y);
  batch.size = indices.length;
  return batch;
}
