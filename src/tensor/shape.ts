/**
 * Shapes, strides and NumPy-style broadcasting rules.
 *
 * Broadcasting: shapes are aligned at their trailing dimensions; two sizes are
 * compatible when equal or when one of them is 1; the result takes the larger.
 */

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar `[]`). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-order) strides of a shape. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(s: Shape): string {
  return `[${s.join(', ')}]`;
}

/** The broadcast shape of two shapes, or a RangeError naming the op and both shapes. */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides for reading a tensor of shape `from` as if broadcast to `to`
 * (0 along broadcast dimensions). `from` must broadcast to `to`.
 */
export function broadcastStrides(from: Shape, to: Shape): number[] {
  const st = stridesOf(from);
  const out = new Array<number>(to.length).fill(0);
  const off = to.length - from.length;
  for (let i = 0; i < from.length; i++) out[off + i] = from[i] === 1 ? 0 : st[i]!;
  return out;
}

/** Normalises an axis (negative counts from the end) and checks its range. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new RangeError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Sorted, unique, non-negative axes; `undefined` means all axes. */
export function normalizeAxes(
  axes: number | readonly number[] | undefined,
  rank: number,
  op: string,
): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => normalizeAxis(a, rank, op)))];
  return out.sort((x, y) => x - y);
}

/** Checks that a shape is a list of non-negative integers. */
export function checkShape(shape: Shape, op: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new RangeError(`${op}: invalid shape ${formatShape(shape)}`);
  }
}
