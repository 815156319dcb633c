/**
 * `createNativeBackend`: the `Backend` of the native addon (native/src). GEMM
 * is the packed, register-blocked AVX-512 / AVX2+FMA / portable kernel chosen
 * from CPUID, on the addon's thread pool; element-wise ops, reductions, the
 * fused kernels and the optimizer steps run in C++ on the typed arrays in
 * place. Arrays of mixed float types, and very short ones (where the call
 * costs more than the loop), go to the TypeScript kernels, which give the same
 * results.
 *
 * Agreement with the TypeScript kernels (tested): matmul to float rounding
 * (different summation order; FMA); unary/binary/reduce bit for bit except
 * exp, log, tanh, sigmoid, softplus and pow, where the C library and V8 may
 * differ in the last bit; optimizer steps bit for bit except float32 Adam
 * (float32 lanes, a few ulps).
 */
import type { TypedArray } from '../../tensor/index.js';
import { binary as jsBinary, reduce as jsReduce, unary as jsUnary } from '../elementwise.js';
import {
  biasActivation as jsBiasActivation,
  softmaxCrossEntropy as jsSoftmaxCrossEntropy,
} from '../fused.js';
import { matmul as jsMatmul } from '../matmul.js';
import type { Backend } from '../types.js';
import type { NativeAddon } from './addon.js';
import { ACTIVATION_INDEX, BINARY_INDEX, UNARY_INDEX } from './kinds.js';
import { nativeOptimKernels, type OptimKernels } from './optim.js';

/** Element counts below this run in TypeScript (an addon call costs about as much). */
export const NATIVE_MIN_ELEMENTS = 32;

function floatKind(x: TypedArray): 1 | 2 | 0 {
  return x instanceof Float32Array ? 1 : x instanceof Float64Array ? 2 : 0;
}

function sameFloat(a: TypedArray, b: TypedArray, c: TypedArray): boolean {
  const k = floatKind(c);
  return k !== 0 && floatKind(a) === k && floatKind(b) === k;
}

export type NativeBackend = Backend & { readonly optim: OptimKernels; readonly addon: NativeAddon };

export function createNativeBackend(addon: NativeAddon): NativeBackend {
  return {
    name: 'native',
    addon,
    optim: nativeOptimKernels(addon),
    matmul(a, b, c, m, k, n, transA, transB) {
      if (sameFloat(a, b, c)) addon.matmul(a, b, c, m, k, n, transA, transB);
      else jsMatmul(a, b, c, m, k, n, transA, transB);
    },
    unary(kind, x, out) {
      if (x.length < NATIVE_MIN_ELEMENTS || !sameFloat(x, x, out)) jsUnary(kind, x, out);
      else addon.unary(UNARY_INDEX[kind], x, out);
    },
    binary(kind, a, aStrides, b, bStrides, out, outShape) {
      const n = out.length;
      if (n < NATIVE_MIN_ELEMENTS || !sameFloat(a, b, out)) {
        jsBinary(kind, a, aStrides, b, bStrides, out, outShape);
        return;
      }
      const k = BINARY_INDEX[kind];
      // the same cases as the TypeScript kernel's fast paths, as 1-D calls
      if (a.length === n && b.length === n) addon.binary(k, a, 1, b, 1, out, n);
      else if (a.length === n && b.length === 1) addon.binary(k, a, 1, b, 0, out, n);
      else if (a.length === 1 && b.length === n) addon.binary(k, a, 0, b, 1, out, n);
      else addon.binary(k, a, aStrides, b, bStrides, out, outShape);
    },
    reduce(kind, x, outer, mid, inner, out) {
      if (x.length < NATIVE_MIN_ELEMENTS || !sameFloat(x, x, out))
        jsReduce(kind, x, outer, mid, inner, out);
      else addon.reduce(kind === 'sum' ? 0 : 1, x, outer, mid, inner, out);
    },
    biasActivation(act, x, bias, rows, cols, out) {
      // short ones in TypeScript, as `unary` does, so fused equals add-then-activation bit for bit
      if (rows * cols < NATIVE_MIN_ELEMENTS || !sameFloat(x, bias, out))
        jsBiasActivation(act, x, bias, rows, cols, out);
      else addon.biasActivation(ACTIVATION_INDEX[act], x, bias, rows, cols, out);
    },
    softmaxCrossEntropy(logits, labels, rows, cols, grad) {
      if (grad !== null && !sameFloat(logits, logits, grad))
        return jsSoftmaxCrossEntropy(logits, labels, rows, cols, grad);
      return addon.softmaxCrossEntropy(logits, labels, rows, cols, grad);
    },
  };
}
