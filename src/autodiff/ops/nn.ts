/** Neural-network building blocks composed from differentiable primitives (so twice differentiable). */
import type { Tensor } from '../../tensor/index.js';
import { formatShape } from '../../tensor/shape.js';
import { add, exp, log, mul, neg, softplus, square, sub } from './elementwise.js';
import { max, mean, sum } from './reduce.js';
import { pick } from './shape.js';

/**
 * log softmax(x) = x − max(x) − log Σ exp(x − max(x)) along `axis`. The max is a
 * constant shift (detached): the result does not depend on it, only its rounding.
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const m = max(x, axis, true).detach();
  const s = sub(x, m);
  return sub(s, log(sum(exp(s), axis, true)));
}

/** softmax(x) = exp(log softmax(x)), numerically stable. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}

/** log Σ exp(x) along `axis`, stable. */
export function logSumExp(x: Tensor, axis = -1, keepdims = false): Tensor {
  const m = max(x, axis, true).detach();
  const out = add(log(sum(exp(sub(x, m)), axis, true)), m);
  return keepdims ? out : sum(out, axis, false); // summing a size-1 axis drops it
}

/**
 * Mean softmax cross-entropy from logits [m, C] and class indices:
 * −(1/m) Σᵢ log softmax(zᵢ)[yᵢ].
 */
export function crossEntropy(logits: Tensor, labels: Int32Array | readonly number[]): Tensor {
  if (logits.rank !== 2)
    throw new RangeError(`crossEntropy: logits must be [m, C], got ${formatShape(logits.shape)}`);
  if (labels.length !== logits.shape[0]) {
    throw new RangeError(
      `crossEntropy: ${labels.length} labels for ${logits.shape[0]} rows of logits`,
    );
  }
  return neg(mean(pick(logSoftmax(logits, 1), labels)));
}

/** Mean squared error: the mean over all elements of (pred − target)². */
export function mse(pred: Tensor, target: Tensor): Tensor {
  if (pred.size !== target.size) {
    throw new RangeError(
      `mse: prediction ${formatShape(pred.shape)} and target ${formatShape(target.shape)} differ in size`,
    );
  }
  return mean(square(sub(pred, target)));
}

/**
 * Mean binary cross-entropy from logits z and targets y ∈ [0, 1]:
 * mean(softplus(z) − y z) = −mean(y log σ(z) + (1 − y) log(1 − σ(z))).
 */
export function binaryCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  return mean(sub(softplus(logits), mul(targets, logits)));
}
