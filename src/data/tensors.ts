/**
 * A dataset as one full batch: the tensor pair (X, y) that `Model.lossAndGrad`,
 * `Model.evaluate` and the full-batch objectives take. X has shape
 * [n, features] (each sample's row, whatever its `shape`: an MLP reads rows);
 * y is the label vector (an Int32Array, the class-label form of `Targets`).
 *
 * X shares the dataset's array when the dtype is already the one asked for
 * (nothing in optlab writes into its inputs), and is a converted copy
 * otherwise. y is always the dataset's own label array.
 *
 * Pure module: no Node imports.
 */
import { z } from 'zod';
import { parseOptions } from '../options/index.js';
import { Tensor } from '../tensor/index.js';
import type { Dataset, FloatArray } from './dataset.js';

/** Options of {@link toTensors}: `dtype` of X [the dataset's own]. */
export const toTensorsOptions = z.strictObject({
  dtype: z.enum(['float32', 'float64']).optional(),
});

/** The full batch of a dataset: X of shape [n, features] and the labels. */
export interface TensorPair {
  readonly x: Tensor;
  readonly y: Int32Array;
}

/**
 * The whole dataset as one batch (X, y) for full-batch training, evaluation and
 * the solvers (see the module comment).
 *
 * @example
 * ```ts
 * import { data, mlp } from 'optlab';
 * const ds = data.spirals({ seed: 1, perClass: 50, classes: 2 });
 * const { x, y } = data.toTensors(ds, { dtype: 'float64' });
 * console.log(x.shape, y.length); // [100, 2] 100
 * const model = mlp({ sizes: [2, 16, 2], seed: 0 });
 * console.log(model.evaluate(x, y).loss);
 * ```
 */
export function toTensors(
  ds: Dataset<FloatArray>,
  options: z.input<typeof toTensorsOptions> = {},
): TensorPair {
  const { dtype } = parseOptions('toTensors', toTensorsOptions, options);
  const own = ds.x instanceof Float64Array ? 'float64' : 'float32';
  const want = dtype ?? own;
  const xs =
    want === own ? ds.x : want === 'float64' ? Float64Array.from(ds.x) : Float32Array.from(ds.x);
  return { x: new Tensor(xs, [ds.n, ds.features]), y: ds.y };
}
