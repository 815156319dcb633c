/**
 * Fused differentiable operations for the first-order training pass: each is
 * ONE tape node computed by one backend kernel (`Backend.biasActivation`,
 * `Backend.softmaxCrossEntropy`; the TypeScript reference in backend/fused.ts
 * when the backend has none), where the composite form records four to nine.
 *
 * - `biasActivation(y, b, act)`: f(y + b) for y [m, n], b [n],
 *   f ∈ {identity, relu, sigmoid, tanh}. The same values, bit for bit, as
 *   `f(add(y, b))` on the same backend (the kernel rounds the sum to the
 *   storage type before f, as the add does), and the same gradients: the rule
 *   is the activation's rule written on the output (relu: [out > 0] = [y + b > 0];
 *   tanh: 1 − out²; sigmoid: out (1 − out)), the bias gets the rows' sum.
 *   Twice differentiable like the composite (the rule uses differentiable ops
 *   of the recorded output).
 * - `softmaxCrossEntropyLoss(z, labels)`: J = −(1/m) Σᵢ log softmax(zᵢ)[yᵢ],
 *   the same function as `crossEntropy` (ops/nn.ts) but computed in float64
 *   inside the kernel and rounded once (the composite rounds after each of its
 *   nine ops), so in float32 the two differ by a few ulps. The forward kernel
 *   also writes ∂J/∂z = (softmax(z) − onehot(y)) / m, which the first-order
 *   backward scales by the upstream gradient. When the backward pass is itself
 *   recorded (`createGraph`, for Hessian-vector products), the rule instead
 *   builds (softmax(z) − onehot(y)) / m from differentiable ops, so second
 *   derivatives stay exact.
 */
import {
  type FusedActivation,
  biasActivation as refBiasActivation,
  softmaxCrossEntropy as refSoftmaxCrossEntropy,
} from '../../backend/fused.js';
import { backend } from '../../backend/index.js';
import { Tensor } from '../../tensor/index.js';
import { formatShape } from '../../tensor/shape.js';
import { allocate, allocateOutput } from '../../tensor/tensor.js';
import { isRecording, record } from '../tape.js';
import { add, mul, relu, sigmoid, sub, tanh, unaryConst } from './elementwise.js';
import { softmax } from './nn.js';

/** Activations `biasActivation` fuses. */
export const FUSED_ACTIVATIONS: readonly FusedActivation[] = [
  'identity',
  'relu',
  'sigmoid',
  'tanh',
];

function composite(y: Tensor, b: Tensor, act: FusedActivation): Tensor {
  const s = add(y, b);
  return act === 'relu' ? relu(s) : act === 'sigmoid' ? sigmoid(s) : act === 'tanh' ? tanh(s) : s;
}

/** f(y + b) for y [m, n] and a bias b [n], as one node (see the module comment). */
export function biasActivation(y: Tensor, b: Tensor, act: FusedActivation): Tensor {
  if (y.rank !== 2 || b.rank !== 1 || b.size !== y.shape[1])
    throw new RangeError(
      `biasActivation: needs y [m, n] and b [n], got ${formatShape(y.shape)} and ${formatShape(b.shape)}`,
    );
  if (y.dtype !== b.dtype) return composite(y, b, act);
  const [m, n] = y.shape as [number, number];
  const out = allocateOutput(y.dtype, m * n);
  const be = backend();
  if (be.biasActivation) be.biasActivation(act, y.data, b.data, m, n, out);
  else refBiasActivation(act, y.data, b.data, m, n, out);
  return record(new Tensor(out, [m, n]), 'biasActivation', [y, b], { act });
}

/** The rule of `biasActivation`: ∂/∂(y + b) from the output; the bias's share is summed by the backward pass. */
export function biasActivationGrad(g: Tensor, out: Tensor, act: FusedActivation): Tensor {
  switch (act) {
    case 'identity':
      return g;
    case 'relu':
      return mul(g, unaryConst('step', out));
    case 'sigmoid':
      return mul(g, mul(out, sub(1, out)));
    case 'tanh':
      return mul(g, sub(1, mul(out, out)));
  }
}

/** Mean softmax cross-entropy of logits [m, C] against class labels, as one node. */
export function softmaxCrossEntropyLoss(z: Tensor, labels: Int32Array | readonly number[]): Tensor {
  if (z.rank !== 2)
    throw new RangeError(`crossEntropy: logits must be [m, C], got ${formatShape(z.shape)}`);
  const [m, c] = z.shape as [number, number];
  if (labels.length !== m)
    throw new RangeError(`crossEntropy: ${labels.length} labels for ${m} rows of logits`);
  const y = labels instanceof Int32Array ? labels : Int32Array.from(labels);
  const wantGrad = isRecording() && z.requiresGrad;
  const grad = wantGrad ? allocateOutput(z.dtype, m * c) : null;
  const be = backend();
  const loss = be.softmaxCrossEntropy
    ? be.softmaxCrossEntropy(z.data, y, m, c, grad)
    : refSoftmaxCrossEntropy(z.data, y, m, c, grad);
  const out = allocateOutput(z.dtype, 1);
  out[0] = loss;
  return record(new Tensor(out, []), 'softmaxCrossEntropy', [z], {
    labels: y,
    grad: grad === null ? null : new Tensor(grad, [m, c]),
  });
}

/**
 * The rule of `softmaxCrossEntropyLoss`: g · (softmax(z) − onehot(y)) / m —
 * the kernel's saved gradient on a first-order pass, differentiable ops of z
 * when the pass is recorded.
 */
export function softmaxCrossEntropyGrad(
  g: Tensor,
  z: Tensor,
  labels: Int32Array,
  saved: Tensor | null,
): Tensor {
  if (!isRecording() && saved !== null)
    return g.size === 1 && g.data[0] === 1 ? saved : mul(g, saved);
  const [m, c] = z.shape as [number, number];
  const onehot = allocate(z.dtype, m * c);
  for (let i = 0; i < m; i++) onehot[i * c + labels[i]!] = 1;
  return mul(g, mul(sub(softmax(z, 1), new Tensor(onehot, [m, c])), 1 / m));
}
