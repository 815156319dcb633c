/**
 * `wasmBackend`: the `Backend` whose GEMM runs in the WebAssembly SIMD kernels
 * (see gemm.ts) and whose optimizer steps run in its SIMD kernels (see
 * optimStaged.ts); element-wise ops and reductions are the plain TypeScript ones.
 * Tiny products and matrix–vector shapes (m = 1 or n = 1, where the register
 * tile would be mostly padding) go to the TypeScript GEMM too.
 *
 *   import { setBackend } from '../backend/index.js';
 *   setBackend(createWasmBackend());   // falls back to jsBackend without SIMD
 *
 * In a browser main thread call `await initSharedWasmRuntime()` first (compiles
 * asynchronously). The GEMM scratch lives in the shared runtime's memory, so a
 * matmul may grow that memory and detach `WasmVec.data` views taken before it.
 */
import { binary, reduce, unary } from '../elementwise.js';
import { jsBackend } from '../js.js';
import { matmul as jsMatmul } from '../matmul.js';
import type { Backend } from '../types.js';
import { WasmGemm } from './gemm.js';
import { wasmOptimKernelsFor } from './optimStaged.js';
import { sharedWasmRuntime, type WasmRuntime, wasmSimdSupported } from './runtime.js';

/** Products with fewer multiply-adds than this stay in TypeScript (call and packing overhead). */
export const WASM_GEMM_MIN_WORK = 4096;

/** A wasm-GEMM backend over `runtime` (the shared runtime by default). */
export function wasmBackendFor(runtime: WasmRuntime): Backend {
  const gemm = new WasmGemm(runtime);
  return {
    name: 'wasm',
    matmul(a, b, c, m, k, n, transA, transB) {
      if (m === 1 || n === 1 || m * k * n < WASM_GEMM_MIN_WORK)
        jsMatmul(a, b, c, m, k, n, transA, transB);
      else gemm.matmul(a, b, c, m, k, n, transA, transB);
    },
    unary,
    binary,
    reduce,
    optim: wasmOptimKernelsFor(runtime),
  };
}

/**
 * The WebAssembly SIMD backend on the shared runtime, or `jsBackend` when this
 * engine lacks WebAssembly SIMD (check `.name` to tell which you got).
 */
export function createWasmBackend(): Backend {
  if (!wasmSimdSupported()) return jsBackend;
  shared ??= wasmBackendFor(sharedWasmRuntime());
  return shared;
}

/** The one backend over the shared runtime (its optimizer scratch is allocated once). */
let shared: Backend | undefined;
