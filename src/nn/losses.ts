/**
 * Losses of a network's output and metrics on it.
 *
 * - 'softmax-cross-entropy': J = −(1/m) Σᵢ log softmax(zᵢ)[yᵢ] for class labels
 *   (Int32Array), or J = −(1/m) Σᵢ Σ_k Y_{ik} log softmax(zᵢ)_k for a [m, C]
 *   target tensor (one-hot or soft labels; DLFS's one-hot `t`).
 * - 'binary-cross-entropy': J = −mean[y log σ(z) + (1 − y) log(1 − σ(z))] from
 *   logits z (*Deep Learning* §8.1.2's surrogate NLL), computed stably as
 *   mean(softplus(z) − y z).
 * - 'mse': J = mean over all elements of (ŷ − y)² (note: DLFS's
 *   `mean_squared_error` is ½ Σ (ŷ − y)² per example; multiply accordingly).
 *
 * Metrics: `accuracy` and `zeroOneError` = 1 − accuracy. A single output column
 * is read as a binary logit (class 1 when z > 0); several columns by argmax.
 */
import {
  binaryCrossEntropy,
  crossEntropy,
  logSoftmax,
  mean,
  mse,
  mul,
  neg,
  sum,
} from '../autodiff/index.js';
import { cast, type Tensor } from '../tensor/index.js';
import { formatShape } from '../tensor/shape.js';

export type LossName = 'softmax-cross-entropy' | 'binary-cross-entropy' | 'mse';

export const LOSS_NAMES: readonly LossName[] = [
  'softmax-cross-entropy',
  'binary-cross-entropy',
  'mse',
];

/** Targets: class labels (Int32Array) or a tensor shaped like the output. */
export type Targets = Int32Array | Tensor;

/** A loss: a scalar tensor from the network's output and the targets. */
export type LossFunction = (output: Tensor, targets: Targets) => Tensor;

function asTensor(y: Targets, out: Tensor, loss: string): Tensor {
  if (y instanceof Int32Array) {
    throw new TypeError(
      `${loss}: targets must be a tensor of shape ${formatShape(out.shape)}, got class labels`,
    );
  }
  if (y.size !== out.size) {
    throw new RangeError(
      `${loss}: targets ${formatShape(y.shape)} do not match the output ${formatShape(out.shape)}`,
    );
  }
  return y.dtype === out.dtype ? y : cast(y, out.dtype);
}

/** Softmax cross-entropy from logits [m, C]; labels or a [m, C] target distribution. */
export function softmaxCrossEntropy(logits: Tensor, targets: Targets): Tensor {
  if (targets instanceof Int32Array) return crossEntropy(logits, targets);
  const y = asTensor(targets, logits, 'softmax-cross-entropy');
  if (logits.rank !== 2)
    throw new RangeError(
      `softmax-cross-entropy: logits must be [m, C], got ${formatShape(logits.shape)}`,
    );
  return neg(mean(sum(mul(y, logSoftmax(logits, 1)), 1)));
}

/** Mean binary cross-entropy from logits and 0/1 (or soft) targets of the same size. */
export function binaryCrossEntropyLoss(logits: Tensor, targets: Targets): Tensor {
  return binaryCrossEntropy(logits, asTensor(targets, logits, 'binary-cross-entropy'));
}

/** Mean squared error. */
export function meanSquaredError(output: Tensor, targets: Targets): Tensor {
  return mse(output, asTensor(targets, output, 'mse'));
}

/** The loss function of a name. */
export function lossFunction(name: LossName): LossFunction {
  switch (name) {
    case 'softmax-cross-entropy':
      return softmaxCrossEntropy;
    case 'binary-cross-entropy':
      return binaryCrossEntropyLoss;
    case 'mse':
      return meanSquaredError;
    default:
      throw new RangeError(
        `loss: unknown loss ${JSON.stringify(name)}; expected one of ${LOSS_NAMES.join(', ')}`,
      );
  }
}

/** Predicted classes: argmax per row, or z > 0 for a single column. */
export function predictClasses(output: Tensor): Int32Array {
  if (output.rank !== 2 && output.rank !== 1)
    throw new RangeError(
      `predictClasses: output must be [m, C] or [m], got ${formatShape(output.shape)}`,
    );
  const m = output.shape[0]!;
  const c = output.rank === 2 ? output.shape[1]! : 1;
  const d = output.data;
  const out = new Int32Array(m);
  if (c === 1) {
    for (let i = 0; i < m; i++) out[i] = d[i]! > 0 ? 1 : 0;
    return out;
  }
  for (let i = 0; i < m; i++) {
    let best = 0;
    let bv = d[i * c]!;
    for (let k = 1; k < c; k++) {
      const v = d[i * c + k]!;
      if (v > bv) {
        bv = v;
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}

/** True classes from labels, a one-hot/probability [m, C] tensor (argmax), or 0/1 targets [m, 1]/[m]. */
export function targetClasses(targets: Targets): Int32Array {
  if (targets instanceof Int32Array) return targets;
  if (targets.rank === 2 && targets.shape[1]! > 1) return predictClasses(targets);
  const out = new Int32Array(targets.shape[0] ?? 0);
  for (let i = 0; i < out.length; i++) out[i] = targets.data[i]! > 0.5 ? 1 : 0;
  return out;
}

/** Fraction of rows whose predicted class equals the target class. */
export function accuracy(output: Tensor, targets: Targets): number {
  const pred = predictClasses(output);
  const truth = targetClasses(targets);
  if (pred.length !== truth.length)
    throw new RangeError(`accuracy: ${pred.length} predictions for ${truth.length} targets`);
  if (pred.length === 0) return Number.NaN;
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) ok++;
  return ok / pred.length;
}

/** The 0-1 loss (1/m) Σ [ŷᵢ ≠ yᵢ] = 1 − accuracy. */
export function zeroOneError(output: Tensor, targets: Targets): number {
  return 1 - accuracy(output, targets);
}
