/** Differentiable reductions: sum, mean, max over axes, with keepdims. */
import { backend } from '../../backend/index.js';
import { Tensor } from '../../tensor/index.js';
import { formatShape, normalizeAxes } from '../../tensor/shape.js';
import { allocateOutput } from '../../tensor/tensor.js';
import { record } from '../tape.js';
import { mul } from './elementwise.js';
import { reshape } from './shape.js';

/** Reduces the given sorted axes, one contiguous run at a time; returns data with those axes kept as size 1. */
function reduceData(kind: 'sum' | 'max', x: Tensor, axes: number[]): Tensor {
  let cur = x.data;
  const shape = [...x.shape];
  // reduce the axes from the last to the first, merging adjacent ones
  let i = axes.length - 1;
  while (i >= 0) {
    let j = i;
    while (j > 0 && axes[j - 1] === axes[j]! - 1) j--;
    const a0 = axes[j]!;
    const a1 = axes[i]!;
    let outer = 1;
    for (let d = 0; d < a0; d++) outer *= shape[d]!;
    let mid = 1;
    for (let d = a0; d <= a1; d++) mid *= shape[d]!;
    let inner = 1;
    for (let d = a1 + 1; d < shape.length; d++) inner *= shape[d]!;
    if (mid === 0 && kind === 'max')
      throw new RangeError(`max: cannot reduce an empty axis of shape ${formatShape(x.shape)}`);
    const out = allocateOutput(x.dtype, outer * inner);
    backend().reduce(kind, cur, outer, mid, inner, out);
    cur = out;
    for (let d = a0; d <= a1; d++) shape[d] = 1;
    i = j - 1;
  }
  return new Tensor(cur === x.data ? cur.slice() : cur, shape);
}

function squeezed(shape: readonly number[], axes: number[]): number[] {
  return shape.filter((_, d) => !axes.includes(d));
}

/** Σ over `axes` (all when omitted); `keepdims` keeps them as size 1. */
export function sum(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'sum');
  const kept = record(reduceData('sum', x, ax), 'sum', [x], { axes: ax });
  return keepdims ? kept : reshape(kept, squeezed(x.shape, ax));
}

/** Mean over `axes` (all when omitted). */
export function mean(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'mean');
  let count = 1;
  for (const a of ax) count *= x.shape[a]!;
  return mul(sum(x, ax, keepdims), 1 / count);
}

/** Maximum over `axes`; the gradient is shared equally among tied maxima. */
export function max(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'max');
  const kept = record(reduceData('max', x, ax), 'max', [x], { axes: ax });
  return keepdims ? kept : reshape(kept, squeezed(x.shape, ax));
}

/** Minimum over `axes`. */
export function min(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  return mul(max(mul(x, -1), axes, keepdims), -1);
}
