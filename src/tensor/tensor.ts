/**
 * The Tensor: a shape, a dtype and a contiguous row-major typed array.
 *
 * Tensors are values: operations return new tensors and never modify their
 * inputs. A tensor made by a differentiable operation while gradients are being
 * recorded carries `creator`, the tape node that made it (see autodiff/).
 *
 * dtype rule: an operation on float32 and float64 operands computes and returns
 * float64 (promotion, as NumPy); a plain JavaScript number takes the dtype of the
 * tensor it meets.
 */
import { checkShape, formatShape, type Shape, sizeOf } from './shape.js';

export type DType = 'float32' | 'float64';
export type TypedArray = Float32Array | Float64Array;

/** The tape node that created a tensor (its full type lives in autodiff/). */
export interface Creator {
  readonly op: string;
  readonly inputs: readonly Tensor[];
}

let nextId = 1;

export class Tensor {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly data: TypedArray;
  readonly size: number;
  /** Unique id, used by the tape for ordering and maps. */
  readonly id: number;
  /** True for a leaf that gradients are taken with respect to, or any tensor computed from one. */
  requiresGrad = false;
  /** The operation that produced this tensor while recording, or null for leaves and constants. */
  creator: Creator | null = null;

  constructor(data: TypedArray, shape: Shape) {
    checkShape(shape, 'Tensor');
    const n = sizeOf(shape);
    if (data.length !== n) {
      throw new RangeError(
        `Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${n}`,
      );
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = data instanceof Float32Array ? 'float32' : 'float64';
    this.size = n;
    this.id = nextId++;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new RangeError(
        `item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, not 1`,
      );
    return this.data[0]!;
  }

  /** Nested JavaScript arrays (a number for a scalar). */
  toArray(): unknown {
    const rec = (dim: number, off: number): unknown => {
      if (dim === this.shape.length) return this.data[off]!;
      const d = this.shape[dim]!;
      let stride = 1;
      for (let i = dim + 1; i < this.shape.length; i++) stride *= this.shape[i]!;
      const out: unknown[] = [];
      for (let i = 0; i < d; i++) out.push(rec(dim + 1, off + i * stride));
      return out;
    };
    return rec(0, 0);
  }

  /** A copy of the values as a plain array, in row-major order. */
  toFlatArray(): number[] {
    return Array.from(this.data);
  }

  /** A leaf copy of this tensor that records gradients. */
  variable(): Tensor {
    const t = new Tensor(this.data.slice(), this.shape);
    t.requiresGrad = true;
    return t;
  }

  /** The same data without tape history (no gradient flows through it). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${formatShape(this.shape)})`;
  }
}

/**
 * A zero-filled array of n elements. Inside {@link withScratch} the array comes
 * from (and returns to) a pool of arrays freed by earlier scopes, so a training
 * loop reuses its activation and gradient buffers step after step instead of
 * allocating (and later collecting) fresh ones.
 */
export function allocate(dtype: DType, n: number): TypedArray {
  if (scratch === null) return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  const pool = dtype === 'float32' ? pool32 : pool64;
  let a = pool.get(n)?.pop();
  if (a) {
    a.fill(0);
    pooledBytes -= a.byteLength;
  } else a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  scratch.push(a);
  return a;
}

/**
 * An array of n elements that the caller overwrites in full (a kernel's
 * output): as `allocate`, but a recycled array is not zero-filled first —
 * one pass over memory less per op in a training step. Outside a scratch
 * scope it is a fresh (zeroed) array.
 */
export function allocateOutput(dtype: DType, n: number): TypedArray {
  if (scratch === null) return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  const pool = dtype === 'float32' ? pool32 : pool64;
  let a = pool.get(n)?.pop();
  if (a) pooledBytes -= a.byteLength;
  else a = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  scratch.push(a);
  return a;
}

/** Arrays handed out by `allocate` in the current scratch scope (null: no scope). */
let scratch: TypedArray[] | null = null;
const pool32 = new Map<number, TypedArray[]>();
const pool64 = new Map<number, TypedArray[]>();
let pooledBytes = 0;
/** The pool is emptied rather than grown past this (varying shapes must not hoard memory). */
const POOL_LIMIT_BYTES = 256 * 2 ** 20;

/**
 * Runs `fn` with every array that `allocate` hands out recorded, and gives them
 * all back to the pool when `fn` returns: EVERY tensor made inside is dead
 * afterwards (its data will be overwritten by a later scope). For a step whose
 * only results are copied out before the end — `Model.forwardBackward` copies
 * ∇θ and the output — this is what PyTorch's caching allocator gives it.
 * Nested calls join the outer scope.
 */
export function withScratch<T>(fn: () => T): T {
  if (scratch !== null) return fn();
  const mine: TypedArray[] = [];
  scratch = mine;
  try {
    return fn();
  } finally {
    scratch = null;
    for (const a of mine) {
      const pool = a instanceof Float32Array ? pool32 : pool64;
      let list = pool.get(a.length);
      if (!list) {
        list = [];
        pool.set(a.length, list);
      }
      list.push(a);
      pooledBytes += a.byteLength;
    }
    if (pooledBytes > POOL_LIMIT_BYTES) {
      pool32.clear();
      pool64.clear();
      pooledBytes = 0;
    }
  }
}

/** The dtype of an operation on the given dtypes (float64 wins). */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}
