/** Creation helpers: from nested arrays or typed arrays, constants, ranges, random. */
import type { Rng } from '../random/index.js';
import { checkShape, formatShape, type Shape, sizeOf } from './shape.js';
import { allocate, type DType, Tensor, type TypedArray } from './tensor.js';

export interface CreateOptions {
  dtype?: DType;
  shape?: Shape;
}

type Nested = number | readonly Nested[];

function inferShape(x: Nested, op: string): number[] {
  const shape: number[] = [];
  let cur: Nested = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = (cur as readonly Nested[])[0]!;
  }
  if (!Array.isArray(cur) && typeof cur !== 'number')
    throw new TypeError(`${op}: expected numbers, got ${typeof cur}`);
  return shape;
}

function flatten(x: Nested, shape: number[], out: TypedArray, op: string): void {
  let k = 0;
  const rec = (v: Nested, dim: number) => {
    if (dim === shape.length) {
      if (typeof v !== 'number')
        throw new TypeError(`${op}: ragged nested array (expected a number at depth ${dim})`);
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new RangeError(
        `${op}: ragged nested array: expected length ${shape[dim]} at depth ${dim}`,
      );
    }
    for (const e of v as readonly Nested[]) rec(e, dim + 1);
  };
  rec(x, 0);
}

/**
 * A tensor from a number, nested arrays, a typed array or a plain array.
 * Typed arrays are used as they are (not copied) unless a different dtype is asked;
 * `shape` reshapes flat data. Default dtype: that of a typed array, else float64.
 */
export function tensor(
  x: Nested | TypedArray | readonly number[],
  opts: CreateOptions = {},
): Tensor {
  if (x instanceof Float32Array || x instanceof Float64Array) {
    const dtype = opts.dtype ?? (x instanceof Float32Array ? 'float32' : 'float64');
    const data =
      (dtype === 'float32') === x instanceof Float32Array
        ? x
        : dtype === 'float32'
          ? Float32Array.from(x)
          : Float64Array.from(x);
    return new Tensor(data, opts.shape ?? [x.length]);
  }
  const dtype = opts.dtype ?? 'float64';
  const shape = inferShape(x as Nested, 'tensor');
  const data = allocate(dtype, sizeOf(shape));
  flatten(x as Nested, shape, data, 'tensor');
  if (opts.shape) {
    if (sizeOf(opts.shape) !== data.length) {
      throw new RangeError(
        `tensor: ${data.length} values do not fit shape ${formatShape(opts.shape)}`,
      );
    }
    return new Tensor(data, opts.shape);
  }
  return new Tensor(data, shape);
}

export function scalar(v: number, dtype: DType = 'float64'): Tensor {
  const d = allocate(dtype, 1);
  d[0] = v;
  return new Tensor(d, []);
}

export function full(shape: Shape, value: number, dtype: DType = 'float64'): Tensor {
  checkShape(shape, 'full');
  const d = allocate(dtype, sizeOf(shape));
  if (value !== 0) d.fill(value);
  return new Tensor(d, shape);
}

export function zeros(shape: Shape, dtype: DType = 'float64'): Tensor {
  return full(shape, 0, dtype);
}

export function ones(shape: Shape, dtype: DType = 'float64'): Tensor {
  return full(shape, 1, dtype);
}

export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape, t.dtype);
}

export function onesLike(t: Tensor): Tensor {
  return ones(t.shape, t.dtype);
}

/** n×m identity (m defaults to n). */
export function eye(n: number, m = n, dtype: DType = 'float64'): Tensor {
  const t = zeros([n, m], dtype);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/** start, start+step, … below stop (NumPy's arange). */
export function arange(start: number, stop?: number, step = 1, dtype: DType = 'float64'): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step))
    throw new RangeError(`arange: step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const d = allocate(dtype, n);
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return new Tensor(d, [n]);
}

/** n evenly spaced values from start to stop inclusive. */
export function linspace(start: number, stop: number, n: number, dtype: DType = 'float64'): Tensor {
  const d = allocate(dtype, n);
  for (let i = 0; i < n; i++) d[i] = n === 1 ? start : start + ((stop - start) * i) / (n - 1);
  return new Tensor(d, [n]);
}

/** N(mean, std²) samples from the seeded generator. */
export function randn(
  shape: Shape,
  rng: Rng,
  opts: { mean?: number; std?: number; dtype?: DType } = {},
): Tensor {
  checkShape(shape, 'randn');
  const d = allocate(opts.dtype ?? 'float64', sizeOf(shape));
  rng.fillNormal(d, opts.mean ?? 0, opts.std ?? 1);
  return new Tensor(d, shape);
}

/** U[lo, hi) samples from the seeded generator. */
export function rand(
  shape: Shape,
  rng: Rng,
  opts: { lo?: number; hi?: number; dtype?: DType } = {},
): Tensor {
  checkShape(shape, 'rand');
  const d = allocate(opts.dtype ?? 'float64', sizeOf(shape));
  rng.fillUniform(d, opts.lo ?? 0, opts.hi ?? 1);
  return new Tensor(d, shape);
}

/** A copy in another dtype (or the same tensor when it already has it). */
export function cast(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  return new Tensor(
    dtype === 'float32' ? Float32Array.from(t.data) : Float64Array.from(t.data),
    t.shape,
  );
}
