/**
 * The kernel interface. Everything above this layer computes through it, so a
 * faster implementation (WebAssembly SIMD, a native addon) can replace the plain
 * TypeScript one without touching anything else. Kernels write into output
 * arrays they are given; shapes are checked by the callers.
 */
import type { TypedArray } from '../tensor/index.js';
import type { FusedActivation } from './fused.js';
import type { OptimKernels } from './optimKernels.js';

export type UnaryKind =
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'sign'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'step' // 1 where x > 0, else 0
  | 'softplus'
  | 'square'
  | 'reciprocal';

export type BinaryKind =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'gt'
  | 'ge'
  | 'lt'
  | 'le'
  | 'eq'
  | 'ne';

export interface Backend {
  readonly name: string;
  /**
   * The fused optimizer steps of this backend (see optimKernels.ts for the
   * contract). Absent: the optimizer layer uses the TypeScript reference kernels.
   */
  readonly optim?: OptimKernels;
  /**
   * C (m×n) = op(A) · op(B), all row-major; op(A) is m×k (A stored k×m when
   * transA), op(B) is k×n (B stored n×k when transB). C is overwritten.
   */
  matmul(
    a: TypedArray,
    b: TypedArray,
    c: TypedArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void;
  /** out[i] = f(x[i]). */
  unary(kind: UnaryKind, x: TypedArray, out: TypedArray): void;
  /** out = a ∘ b with broadcasting: strides of a and b are given against outShape (0 on broadcast axes). */
  binary(
    kind: BinaryKind,
    a: TypedArray,
    aStrides: readonly number[],
    b: TypedArray,
    bStrides: readonly number[],
    out: TypedArray,
    outShape: readonly number[],
  ): void;
  /**
   * Reduction over the middle axis of a tensor viewed as [outer, mid, inner]:
   * out[o·inner + i] = reduce_k x[(o·mid + k)·inner + i].
   */
  reduce(
    kind: 'sum' | 'max',
    x: TypedArray,
    outer: number,
    mid: number,
    inner: number,
    out: TypedArray,
  ): void;
  /**
   * Optional fused kernel: out[r, c] = f(x[r, c] + bias[c]) over [rows, cols]
   * (reference and exact arithmetic: `biasActivation` in fused.ts).
   */
  biasActivation?(
    act: FusedActivation,
    x: TypedArray,
    bias: TypedArray,
    rows: number,
    cols: number,
    out: TypedArray,
  ): void;
  /**
   * Optional fused kernel: mean softmax cross-entropy of logits [rows, cols]
   * against class labels, and its gradient into `grad` when given (reference:
   * `softmaxCrossEntropy` in fused.ts).
   */
  softmaxCrossEntropy?(
    logits: TypedArray,
    labels: Int32Array,
    rows: number,
    cols: number,
    grad: TypedArray | null,
  ): number;
}
