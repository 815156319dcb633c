/**
 * The 2-D weight matrices inside the flat θ, for the optimizers that treat a
 * matrix as a matrix (Muon, Shampoo, SOAP), and the small dense products they
 * need (float64, row-major, plain loops).
 */

/** A row-major matrix stored in θ[offset, offset + rows·cols). */
export interface MatrixBlock {
  offset: number;
  rows: number;
  cols: number;
}

/** Checks that the blocks lie inside θ of length n and do not overlap; returns a cover mask. */
export function coverOf(blocks: readonly MatrixBlock[], n: number, where: string): Uint8Array {
  const covered = new Uint8Array(n);
  for (const m of blocks) {
    const { offset, rows, cols } = m;
    const ok =
      Number.isInteger(offset) &&
      Number.isInteger(rows) &&
      Number.isInteger(cols) &&
      offset >= 0 &&
      rows >= 1 &&
      cols >= 1;
    if (!ok)
      throw new RangeError(`${where}: matrix block ${JSON.stringify(m)} is not a valid block`);
    if (offset + rows * cols > n)
      throw new RangeError(
        `${where}: matrix block at ${offset} (${rows}×${cols}) runs past θ's ${n} elements`,
      );
    for (let i = offset; i < offset + rows * cols; i++) {
      if (covered[i]) throw new RangeError(`${where}: matrix blocks overlap at element ${i}`);
      covered[i] = 1;
    }
  }
  return covered;
}

/** out (m×n) = A (m×k) · B (k×n), with either operand optionally transposed in storage. */
export function matmul(
  A: ArrayLike<number>,
  B: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
  out: Float64Array,
  transA = false,
  transB = false,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) {
        s += (transA ? A[t * m + i]! : A[i * k + t]!) * (transB ? B[j * k + t]! : B[t * n + j]!);
      }
      out[i * n + j] = s;
    }
  }
}
