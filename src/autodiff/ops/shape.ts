/** Differentiable shape operations: reshape, transpose, broadcast, slice, gather, concat, where. */
import { type Shape, Tensor } from '../../tensor/index.js';
import {
  broadcastShapes,
  broadcastStrides,
  formatShape,
  normalizeAxis,
  shapesEqual,
  sizeOf,
  stridesOf,
} from '../../tensor/shape.js';
import { allocate } from '../../tensor/tensor.js';
import { record } from '../tape.js';

/** Same data, new shape; one dimension may be −1 (inferred). */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const s = [...shape];
  const unknown = s.indexOf(-1);
  if (unknown >= 0) {
    const known = s.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
    s[unknown] = known === 0 ? 0 : x.size / known;
  }
  if (s.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(s) !== x.size) {
    throw new RangeError(
      `reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`,
    );
  }
  if (shapesEqual(s, x.shape)) return x;
  return record(new Tensor(x.data, s), 'reshape', [x], null);
}

/** Flattens to one dimension. */
export function flatten(x: Tensor): Tensor {
  return reshape(x, [x.size]);
}

/** Permutes the axes (reverses them when `perm` is omitted). */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const r = x.rank;
  const p = perm
    ? perm.map((a) => normalizeAxis(a, r, 'transpose'))
    : Array.from({ length: r }, (_, i) => r - 1 - i);
  if (p.length !== r || new Set(p).size !== r) {
    throw new RangeError(
      `transpose: ${JSON.stringify(perm)} is not a permutation of the ${r} axes of ${formatShape(x.shape)}`,
    );
  }
  const outShape = p.map((a) => x.shape[a]!);
  const out = allocate(x.dtype, x.size);
  if (r === 2) {
    const [m, n] = x.shape as [number, number];
    const d = x.data;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = d[i * n + j]!;
  } else {
    const inStrides = stridesOf(x.shape);
    const st = p.map((a) => inStrides[a]!);
    copyStrided(x.data, 0, st, out, outShape);
  }
  return record(new Tensor(out, outShape), 'transpose', [x], { perm: p });
}

/** Copies a strided view (offset, strides against `shape`) into a contiguous `out`. */
function copyStrided(
  src: Tensor['data'],
  offset: number,
  st: readonly number[],
  out: Tensor['data'],
  shape: Shape,
): void {
  const r = shape.length;
  const n = out.length;
  if (n === 0) return;
  const idx = new Array<number>(r).fill(0);
  let si = offset;
  for (let o = 0; o < n; o++) {
    out[o] = src[si]!;
    for (let d = r - 1; d >= 0; d--) {
      idx[d]!++;
      si += st[d]!;
      if (idx[d]! < shape[d]!) break;
      si -= st[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** Repeats x along broadcast dimensions to `shape`. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const target = broadcastShapes(x.shape, shape, 'broadcastTo');
  if (!shapesEqual(target, shape)) {
    throw new RangeError(
      `broadcastTo: ${formatShape(x.shape)} cannot be broadcast to ${formatShape(shape)}`,
    );
  }
  const out = allocate(x.dtype, sizeOf(shape));
  copyStrided(x.data, 0, broadcastStrides(x.shape, shape), out, shape);
  return record(new Tensor(out, shape), 'broadcastTo', [x], null);
}

/** Slices `size[d]` elements from `begin[d]` along each axis (−1 size: to the end). */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  const r = x.rank;
  if (begin.length !== r || (size && size.length !== r)) {
    throw new RangeError(`slice: begin/size need ${r} entries for shape ${formatShape(x.shape)}`);
  }
  const sz = begin.map((b, d) => {
    const s = size?.[d] ?? -1;
    return s < 0 ? x.shape[d]! - b : s;
  });
  for (let d = 0; d < r; d++) {
    if (!Number.isInteger(begin[d]) || begin[d]! < 0 || begin[d]! + sz[d]! > x.shape[d]!) {
      throw new RangeError(
        `slice: [${begin}] + [${sz}] is out of bounds for shape ${formatShape(x.shape)}`,
      );
    }
  }
  const st = stridesOf(x.shape);
  let off = 0;
  for (let d = 0; d < r; d++) off += begin[d]! * st[d]!;
  const out = allocate(x.dtype, sizeOf(sz));
  if (r === 1) out.set(x.data.subarray(off, off + sz[0]!));
  else copyStrided(x.data, off, st, out, sz);
  return record(new Tensor(out, sz), 'slice', [x], { begin: [...begin] });
}

/** Embeds x into zeros of `shape` at offset `begin` (the adjoint of slice). */
export function pad(x: Tensor, begin: readonly number[], shape: Shape): Tensor {
  const out = allocate(x.dtype, sizeOf(shape));
  const st = stridesOf(shape);
  let off = 0;
  for (let d = 0; d < shape.length; d++) off += begin[d]! * st[d]!;
  // scatter x's elements into the strided window
  const r = x.rank;
  const idx = new Array<number>(r).fill(0);
  let oi = off;
  for (let i = 0; i < x.size; i++) {
    out[oi] = x.data[i]!;
    for (let d = r - 1; d >= 0; d--) {
      idx[d]!++;
      oi += st[d]!;
      if (idx[d]! < x.shape[d]!) break;
      oi -= st[d]! * x.shape[d]!;
      idx[d] = 0;
    }
  }
  return record(new Tensor(out, shape), 'pad', [x], { begin: [...begin], shape: [...shape] });
}

function rowSize(x: Tensor): number {
  return x.rank === 0 ? 1 : x.size / x.shape[0]!;
}

function checkIndex(idx: Int32Array, n: number, op: string): void {
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    if (v < 0 || v >= n)
      throw new RangeError(`${op}: index ${v} at position ${i} is out of range [0, ${n})`);
  }
}

/** Rows of x at `idx` (a minibatch): shape [idx.length, ...x.shape[1:]]. */
export function gatherRows(x: Tensor, idx: Int32Array | readonly number[]): Tensor {
  if (x.rank < 1) throw new RangeError('gatherRows: needs a tensor of rank ≥ 1');
  const ix = idx instanceof Int32Array ? idx : Int32Array.from(idx);
  checkIndex(ix, x.shape[0]!, 'gatherRows');
  const w = rowSize(x);
  const out = allocate(x.dtype, ix.length * w);
  for (let i = 0; i < ix.length; i++) out.set(x.data.subarray(ix[i]! * w, ix[i]! * w + w), i * w);
  return record(new Tensor(out, [ix.length, ...x.shape.slice(1)]), 'gatherRows', [x], {
    idx: ix,
    rows: x.shape[0]!,
  });
}

/** Adds row i of x into row idx[i] of zeros with `rows` rows (the adjoint of gatherRows). */
export function scatterAddRows(x: Tensor, idx: Int32Array, rows: number): Tensor {
  const w = rowSize(x);
  const out = allocate(x.dtype, rows * w);
  for (let i = 0; i < idx.length; i++) {
    const o = idx[i]! * w;
    const s = i * w;
    for (let j = 0; j < w; j++) out[o + j] = out[o + j]! + x.data[s + j]!;
  }
  return record(new Tensor(out, [rows, ...x.shape.slice(1)]), 'scatterAddRows', [x], { idx });
}

/** out[i] = x[i, idx[i]] for x of shape [m, C] (picks one entry per row, e.g. the target class). */
export function pick(x: Tensor, idx: Int32Array | readonly number[]): Tensor {
  if (x.rank !== 2) throw new RangeError(`pick: needs shape [m, C], got ${formatShape(x.shape)}`);
  const [m, c] = x.shape as [number, number];
  const ix = idx instanceof Int32Array ? idx : Int32Array.from(idx);
  if (ix.length !== m) throw new RangeError(`pick: ${ix.length} indices for ${m} rows`);
  checkIndex(ix, c, 'pick');
  const out = allocate(x.dtype, m);
  for (let i = 0; i < m; i++) out[i] = x.data[i * c + ix[i]!]!;
  return record(new Tensor(out, [m]), 'pick', [x], { idx: ix, cols: c });
}

/** The adjoint of pick: zeros of [m, cols] with x[i] at (i, idx[i]). */
export function unpick(x: Tensor, idx: Int32Array, cols: number): Tensor {
  const m = idx.length;
  const out = allocate(x.dtype, m * cols);
  for (let i = 0; i < m; i++) out[i * cols + idx[i]!] = x.data[i]!;
  return record(new Tensor(out, [m, cols]), 'unpick', [x], { idx });
}

/** Joins tensors along `axis`; all other dimensions must agree. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new RangeError('concat: needs at least one tensor');
  const first = xs[0]!;
  const ax = normalizeAxis(axis, first.rank, 'concat');
  for (const t of xs) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new RangeError(
        `concat: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${ax}`,
      );
    }
    if (t.dtype !== first.dtype)
      throw new TypeError(`concat: mixed dtypes ${first.dtype} and ${t.dtype}; cast first`);
  }
  const sizes = xs.map((t) => t.shape[ax]!);
  const outShape = [...first.shape];
  outShape[ax] = sizes.reduce((a, b) => a + b, 0);
  let outer = 1;
  for (let d = 0; d < ax; d++) outer *= first.shape[d]!;
  let inner = 1;
  for (let d = ax + 1; d < first.rank; d++) inner *= first.shape[d]!;
  const out = allocate(first.dtype, sizeOf(outShape));
  const total = outShape[ax]! * inner;
  let col = 0;
  for (const t of xs) {
    const w = t.shape[ax]! * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * w, o * w + w), o * total + col);
    col += w;
  }
  return record(new Tensor(out, outShape), 'concat', xs, { axis: ax, sizes });
}

/** Elements of a where cond ≠ 0, else of b (cond is a constant mask; a, b, cond broadcast). */
export function where(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, 'where'), b.shape, 'where');
  const ta = broadcastTo(a, shape);
  const tb = broadcastTo(b, shape);
  const c = shapesEqual(cond.shape, shape) ? cond : broadcastTo(cond.detach(), shape);
  if (ta.dtype !== tb.dtype)
    throw new TypeError(`where: a is ${ta.dtype} but b is ${tb.dtype}; cast first`);
  const out = allocate(ta.dtype, sizeOf(shape));
  const cd = c.data;
  for (let i = 0; i < out.length; i++) out[i] = cd[i] !== 0 ? ta.data[i]! : tb.data[i]!;
  return record(new Tensor(out, shape), 'where', [ta, tb], { cond: c.detach() });
}
