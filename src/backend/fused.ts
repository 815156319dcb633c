/**
 * Fused kernels: the reference (TypeScript) versions of the optional `Backend`
 * methods `biasActivation` and `softmaxCrossEntropy`. A backend may implement
 * them faster (the native one does); these define the arithmetic.
 *
 * - biasActivation: out[r, c] = f(x[r, c] + bias[c]) for an [rows, cols]
 *   matrix, f ∈ {identity, relu, sigmoid, tanh}. The sum is rounded to the
 *   storage type before f, as `binary('add')` followed by `unary(f)` does, so
 *   the result equals the unfused pair bit for bit (up to the libm's f).
 * - softmaxCrossEntropy: J = −(1/m) Σᵢ log softmax(zᵢ)[yᵢ] for logits z
 *   [m, C] and class labels y, with log softmax(z) = z − max z − log Σ e^{z − max z}
 *   (stable); if `grad` is given it receives ∂J/∂z = (softmax(z) − onehot(y)) / m.
 *   Sums and exponentials in float64 for both storage types.
 */
import type { TypedArray } from '../tensor/index.js';

export type FusedActivation = 'identity' | 'relu' | 'sigmoid' | 'tanh';

function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function biasActivation(
  act: FusedActivation,
  x: TypedArray,
  bias: TypedArray,
  rows: number,
  cols: number,
  out: TypedArray,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] = x[o + c]! + bias[c]!;
  }
  const n = rows * cols;
  switch (act) {
    case 'identity':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = Math.max(out[i]!, 0);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = sigmoid(out[i]!);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(out[i]!);
      return;
  }
}

export function softmaxCrossEntropy(
  logits: TypedArray,
  labels: Int32Array,
  rows: number,
  cols: number,
  grad: TypedArray | null,
): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let mx = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < cols; c++) {
      const v = logits[o + c]!;
      if (v > mx || Number.isNaN(v)) mx = v;
    }
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(logits[o + c]! - mx);
    const y = labels[r]!;
    if (!(y >= 0 && y < cols))
      throw new RangeError(`softmaxCrossEntropy: label ${y} of row ${r} is outside [0, ${cols})`);
    total += logits[o + y]! - mx - Math.log(s);
    if (grad !== null) {
      for (let c = 0; c < cols; c++)
        grad[o + c] = (Math.exp(logits[o + c]! - mx) / s - (c === y ? 1 : 0)) / rows;
    }
  }
  return -total / rows;
}
