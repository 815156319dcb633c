import type { Shape, Tensor } from '../../tensor/index.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';

/**
 * Sums x down to `shape`, the inverse of broadcasting: leading extra axes and
 * axes where `shape` has 1 are summed. This is the one place where broadcasting
 * is undone in the backward pass.
 */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  if (lead < 0)
    throw new RangeError(
      `sumTo: cannot sum ${formatShape(x.shape)} to the larger ${formatShape(shape)}`,
    );
  const axes: number[] = [];
  for (let d = 0; d < x.rank; d++) {
    if (d < lead) axes.push(d);
    else if (shape[d - lead] === 1 && x.shape[d] !== 1) axes.push(d);
    else if (shape[d - lead] !== x.shape[d]) {
      throw new RangeError(
        `sumTo: ${formatShape(x.shape)} does not broadcast from ${formatShape(shape)}`,
      );
    }
  }
  return reshape(sum(x, axes, true), shape);
}
