/** Matrix products. */
import { backend } from '../../backend/index.js';
import { Tensor } from '../../tensor/index.js';
import { formatShape } from '../../tensor/shape.js';
import { allocateOutput, promote } from '../../tensor/tensor.js';
import { record } from '../tape.js';
import { cast, mul } from './elementwise.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';

/**
 * op(A)·op(B) for 2-D tensors, op = transpose when the flag is set (no copy is
 * materialised on the tape). A 1-D right operand is treated as a column.
 */
export function matmul(a: Tensor, b: Tensor, transA = false, transB = false): Tensor {
  if (b.rank === 1 && !transB)
    return reshape(matmul(a, reshape(b, [b.size, 1]), transA, false), [
      transA ? a.shape[1]! : a.shape[0]!,
    ]);
  if (a.rank !== 2 || b.rank !== 2) {
    throw new RangeError(
      `matmul: needs 2-D operands, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const [ar, ac] = a.shape as [number, number];
  const [br, bc] = b.shape as [number, number];
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const k2 = transB ? bc : br;
  const n = transB ? br : bc;
  if (k !== k2) {
    throw new RangeError(
      `matmul: inner dimensions differ: ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} · ${formatShape(b.shape)}${transB ? 'ᵀ' : ''}`,
    );
  }
  const dt = promote(a.dtype, b.dtype);
  const ta = cast(a, dt);
  const tb = cast(b, dt);
  const out = allocateOutput(dt, m * n);
  backend().matmul(ta.data, tb.data, out, m, k, n, transA, transB);
  return record(new Tensor(out, [m, n]), 'matmul', [ta, tb], { transA, transB });
}

/** Σ a ⊙ b over all elements. */
export function dot(a: Tensor, b: Tensor): Tensor {
  return sum(mul(a, b));
}
