/**
 * The functions the native addon exports (native/src/*.cc). Kernels work on
 * the typed arrays in place; every array of one call has one float type.
 * Kinds are indices into the lists of kinds.ts.
 */
import type { TypedArray } from '../../tensor/index.js';

type Vec = Float32Array | Float64Array;

export interface NativeCpuInfo {
  /** the instruction set the kernels use now: 'avx512' | 'avx2' | 'generic' */
  isa: string;
  /** the best this CPU supports */
  best: string;
  avx512f: boolean;
  avx2: boolean;
  fma: boolean;
}

export interface NativeAddon {
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
  unary(kind: number, x: TypedArray, out: TypedArray): void;
  /** strides and shape as arrays (any rank) or as numbers (1-D: stride 0 or 1, length n) */
  binary(
    kind: number,
    a: TypedArray,
    aStrides: readonly number[] | number,
    b: TypedArray,
    bStrides: readonly number[] | number,
    out: TypedArray,
    outShape: readonly number[] | number,
  ): void;
  reduce(
    kind: number,
    x: TypedArray,
    outer: number,
    mid: number,
    inner: number,
    out: TypedArray,
  ): void;
  biasActivation(
    act: number,
    x: TypedArray,
    bias: TypedArray,
    rows: number,
    cols: number,
    out: TypedArray,
  ): void;
  softmaxCrossEntropy(
    logits: TypedArray,
    labels: Int32Array,
    rows: number,
    cols: number,
    grad: TypedArray | null,
  ): number;
  sgdStep(p: Vec, g: Vec, c: number, wd: number, decay: Int32Array | null): void;
  momentumStep(
    p: Vec,
    g: Vec,
    v: Vec,
    mu: number,
    c: number,
    wd: number,
    nesterov: boolean,
    decay: Int32Array | null,
  ): void;
  adagradStep(
    p: Vec,
    g: Vec,
    r: Vec,
    c: number,
    eps: number,
    wd: number,
    epsInSqrt: boolean,
    decay: Int32Array | null,
  ): void;
  rmspropStep(
    p: Vec,
    g: Vec,
    r: Vec,
    mean: Vec,
    buf: Vec,
    rho: number,
    eps: number,
    c: number,
    momentum: number,
    wd: number,
    epsInSqrt: boolean,
    nesterov: boolean,
    decay: Int32Array | null,
  ): void;
  adamStep(
    p: Vec,
    g: Vec,
    m: Vec,
    v: Vec,
    vMax: Vec,
    b1: number,
    b2: number,
    c1: number,
    c2: number,
    eps: number,
    epsRoot: number,
    c: number,
    wd: number,
    wdd: number,
    decay: Int32Array | null,
  ): void;
  cpuInfo(): NativeCpuInfo;
  /** 'avx512' | 'avx2' | 'generic'; false when the CPU lacks it */
  setIsa(isa: string): boolean;
  getThreads(): number;
  setThreads(n: number): void;
}
