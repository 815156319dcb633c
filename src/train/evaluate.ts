/** Loss and accuracy of a model over a dataset, in batches, without recording. */
import { z } from 'zod';
import type { FloatArray } from '../data/core.js';
import type { Model } from '../nn/index.js';
import { count, index, parseOptions } from '../options/index.js';
import { Tensor } from '../tensor/index.js';
import { allocate } from '../tensor/tensor.js';
import type { TrainData } from './types.js';

/** Width of a row of targets, or 0 for class labels. */
export function targetWidth(d: TrainData): number {
  if (d.targets === undefined) return 0;
  if (d.targets === 'inputs') return d.data.features;
  if (!d.targetFeatures)
    throw new RangeError('TrainData: targetFeatures is needed with a targets array');
  if (d.targets.length !== d.data.n * d.targetFeatures) {
    throw new RangeError(
      `TrainData: targets have ${d.targets.length} values, expected n·targetFeatures = ${d.data.n * d.targetFeatures}`,
    );
  }
  return d.targetFeatures;
}

/** Copies rows `idx` of a row-major array into `out` (row width w). */
export function gatherInto(src: FloatArray, w: number, idx: Int32Array, out: FloatArray): void {
  for (let k = 0; k < idx.length; k++) {
    const s = idx[k]! * w;
    const d = k * w;
    for (let j = 0; j < w; j++) out[d + j] = src[s + j]!;
  }
}

/** Reusable buffers for batches of one dataset in the model's dtype. */
export class Batcher {
  private readonly x: FloatArray;
  private readonly t: FloatArray | null;
  private readonly y: Int32Array;
  private readonly w: number;

  constructor(
    private readonly d: TrainData,
    capacity: number,
    model: Model,
  ) {
    this.w = targetWidth(d);
    this.x = allocate(model.dtype, capacity * d.data.features);
    this.t = this.w > 0 ? allocate(model.dtype, capacity * this.w) : null;
    this.y = new Int32Array(capacity);
  }

  /** The inputs and targets of rows `idx` (views valid until the next call). */
  batch(idx: Int32Array): { x: Tensor; y: Int32Array | Tensor } {
    const m = idx.length;
    const f = this.d.data.features;
    gatherInto(this.d.data.x, f, idx, this.x);
    const x = new Tensor(this.x.subarray(0, m * f), [m, f]);
    if (this.t) {
      const src = this.d.targets === 'inputs' ? this.d.data.x : (this.d.targets as FloatArray);
      gatherInto(src, this.w, idx, this.t);
      return { x, y: new Tensor(this.t.subarray(0, m * this.w), [m, this.w]) };
    }
    for (let k = 0; k < m; k++) this.y[k] = this.d.data.y[idx[k]!]!;
    return { x, y: this.y.subarray(0, m) };
  }
}

/** The options of {@link evaluate}: `limit` absent means every row. */
const evaluateOptions = z.strictObject({
  limit: index().optional(),
  batchSize: count().default(1000),
});

/**
 * Mean loss and accuracy over the first `limit` rows (all by default), in the
 * model's current mode (call `model.eval()` first for dropout off and batch
 * norm's running statistics), in batches of `batchSize` rows (default 1000).
 * Accuracy is NaN for regression; both are NaN for no rows.
 *
 * @example
 * ```ts
 * import { data, evaluate, fit, mlp, optim, Rng } from 'optlab';
 *
 * const rng = new Rng(0);
 * const all = data.spirals({ rng, perClass: 150, classes: 3, noise: 0.1 });
 * const { train, validation } = data.splitDataset(all, { rng, validation: 0.2 });
 * const model = mlp({ sizes: [2, 64, 3], activation: 'relu', seed: 0 });
 * const optimizer = optim.adam({ lr: 0.01 });
 * await fit(model, { data: train }, { optimizer, batchSize: 30, epochs: 40 });
 * model.eval();
 * const { loss, accuracy } = evaluate(model, { data: validation });
 * console.log(`validation loss ${loss.toFixed(3)}, accuracy ${(100 * accuracy).toFixed(1)}%`);
 * ```
 */
export function evaluate(
  model: Model,
  d: TrainData,
  opts: { limit?: number; batchSize?: number } = {},
): { loss: number; accuracy: number } {
  const o = parseOptions('evaluate', evaluateOptions, opts);
  const n = Math.min(d.data.n, o.limit ?? d.data.n);
  if (n === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  const bs = Math.min(n, o.batchSize);
  const b = new Batcher(d, bs, model);
  const idx = new Int32Array(bs);
  let loss = 0;
  let acc = 0;
  const regression = targetWidth(d) > 0;
  for (let s = 0; s < n; s += bs) {
    const m = Math.min(bs, n - s);
    for (let k = 0; k < m; k++) idx[k] = s + k;
    const { x, y } = b.batch(idx.subarray(0, m));
    const r = model.evaluate(x, y, { training: model.training });
    loss += r.loss * m;
    acc += regression ? 0 : r.accuracy * m;
  }
  return { loss: loss / n, accuracy: regression ? Number.NaN : acc / n };
}
