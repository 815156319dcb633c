/** Differentiable element-wise operations with NumPy broadcasting. */
import { backend } from '../../backend/index.js';
import type { BinaryKind, UnaryKind } from '../../backend/types.js';
import { cast as castData, type DType, scalar, Tensor } from '../../tensor/index.js';
import { broadcastShapes, broadcastStrides, shapesEqual, sizeOf } from '../../tensor/shape.js';
import { allocate, allocateOutput, promote } from '../../tensor/tensor.js';
import { type OpName, record, type SavedMap } from '../tape.js';

export type TensorLike = Tensor | number;

/** A tensor for a number, in the dtype of the tensor it meets. */
export function lift(x: TensorLike, dtype: DType): Tensor {
  return typeof x === 'number' ? scalar(x, dtype) : x;
}

function dtypeOf(a: TensorLike, b: TensorLike): DType {
  if (typeof a === 'number') return typeof b === 'number' ? 'float64' : b.dtype;
  if (typeof b === 'number') return a.dtype;
  return promote(a.dtype, b.dtype);
}

/** Forward of a broadcasting binary kernel. */
export function binaryData(
  kind: BinaryKind,
  a: Tensor,
  b: Tensor,
  op: string,
  dtype?: DType,
): Tensor {
  const dt = dtype ?? promote(a.dtype, b.dtype);
  const shape = shapesEqual(a.shape, b.shape)
    ? [...a.shape]
    : broadcastShapes(a.shape, b.shape, op);
  const out = allocateOutput(dt, sizeOf(shape));
  backend().binary(
    kind,
    a.data,
    broadcastStrides(a.shape, shape),
    b.data,
    broadcastStrides(b.shape, shape),
    out,
    shape,
  );
  return new Tensor(out, shape);
}

function binaryOp<K extends OpName & BinaryKind>(
  kind: K,
  a: TensorLike,
  b: TensorLike,
  saved: SavedMap[K],
): Tensor {
  const dt = dtypeOf(a, b);
  const ta = lift(a, dt);
  const tb = lift(b, dt);
  return record(binaryData(kind, ta, tb, kind, dt), kind, [ta, tb], saved);
}

export function unaryData(kind: UnaryKind, x: Tensor): Tensor {
  const out = allocateOutput(x.dtype, x.size);
  backend().unary(kind, x.data, out);
  return new Tensor(out, x.shape);
}

function unaryOp<K extends OpName & UnaryKind>(kind: K, x: Tensor, saved: SavedMap[K]): Tensor {
  return record(unaryData(kind, x), kind, [x], saved);
}

/** a + b */
export const add = (a: TensorLike, b: TensorLike): Tensor => binaryOp('add', a, b, null);
/** a − b */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binaryOp('sub', a, b, null);
/** a ⊙ b */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binaryOp('mul', a, b, null);
/** a / b */
export const div = (a: TensorLike, b: TensorLike): Tensor => binaryOp('div', a, b, null);
/** Element-wise maximum (gradient to a where a ≥ b). */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binaryOp('maximum', a, b, null);
/** Element-wise minimum (gradient to a where a ≤ b). */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binaryOp('minimum', a, b, null);

export const neg = (x: Tensor): Tensor => unaryOp('neg', x, null);
export const exp = (x: Tensor): Tensor => unaryOp('exp', x, null);
export const log = (x: Tensor): Tensor => unaryOp('log', x, null);
export const sqrt = (x: Tensor): Tensor => unaryOp('sqrt', x, null);
export const abs = (x: Tensor): Tensor => unaryOp('abs', x, null);
export const tanh = (x: Tensor): Tensor => unaryOp('tanh', x, null);
export const sigmoid = (x: Tensor): Tensor => unaryOp('sigmoid', x, null);
export const relu = (x: Tensor): Tensor => unaryOp('relu', x, null);
/** log(1 + eˣ), computed stably. */
export const softplus = (x: Tensor): Tensor => unaryOp('softplus', x, null);

/** x² */
export function square(x: Tensor): Tensor {
  return mul(x, x);
}

/** x^p for a constant exponent p. */
export function powScalar(x: Tensor, p: number): Tensor {
  if (!Number.isFinite(p)) throw new RangeError(`pow: exponent must be finite, got ${p}`);
  const e = scalar(p, x.dtype);
  return record(binaryData('pow', x, e, 'pow'), 'powScalar', [x], { p });
}

/** a^b; with a tensor exponent, computed as exp(b·log a) (a > 0). */
export function pow(a: Tensor, b: TensorLike): Tensor {
  if (typeof b === 'number') return powScalar(a, b);
  return exp(mul(b, log(a)));
}

/** max(x, αx) for 0 ≤ α < 1 (default α = 0.01). */
export function leakyRelu(x: Tensor, alpha = 0.01): Tensor {
  const out = allocate(x.dtype, x.size);
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    out[i] = v > 0 ? v : alpha * v;
  }
  return record(new Tensor(out, x.shape), 'leakyRelu', [x], { alpha });
}

/** Clamps each element to [lo, hi]; the gradient passes where lo ≤ x ≤ hi. */
export function clamp(
  x: Tensor,
  lo = Number.NEGATIVE_INFINITY,
  hi = Number.POSITIVE_INFINITY,
): Tensor {
  if (lo > hi) throw new RangeError(`clamp: lo (${lo}) must not exceed hi (${hi})`);
  const out = allocate(x.dtype, x.size);
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    out[i] = v < lo ? lo : Math.min(v, hi);
  }
  return record(new Tensor(out, x.shape), 'clamp', [x], { lo, hi });
}

function compare(kind: BinaryKind, a: TensorLike, b: TensorLike): Tensor {
  const dt = dtypeOf(a, b);
  return binaryData(kind, lift(a, dt), lift(b, dt), kind, dt);
}

/** 1 where a > b, else 0 (not differentiable: no gradient flows). */
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare('gt', a, b);
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => compare('ge', a, b);
export const less = (a: TensorLike, b: TensorLike): Tensor => compare('lt', a, b);
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => compare('le', a, b);
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare('eq', a, b);
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => compare('ne', a, b);

/** A constant tensor of the kernel's result (no tape), e.g. masks inside backward rules. */
export function unaryConst(kind: UnaryKind, x: Tensor): Tensor {
  return unaryData(kind, x);
}

/** Changes dtype; the gradient is cast back. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return record(castData(x.detach(), dtype), 'cast', [x], { from: x.dtype });
}
