/**
 * backend/wasm — WebAssembly SIMD kernels generated from TypeScript at load
 * time (no dependency, no build step, no Node-only API): a packed,
 * register-blocked GEMM for float32 and float64, a `Backend` using it, and
 * fused optimizer steps over vectors that live in WebAssembly memory.
 */
export { createWasmBackend, WASM_GEMM_MIN_WORK, wasmBackendFor } from './backend.js';
export { WasmGemm } from './gemm.js';
export {
  type WasmAdamCoefs,
  type WasmAdamOptions,
  wasmAdamStep,
  wasmMomentumStep,
  wasmSgdStep,
} from './optim.js';
export { wasmOptimKernelsFor } from './optimStaged.js';
export {
  createWasmRuntime,
  createWasmRuntimeAsync,
  initSharedWasmRuntime,
  sharedWasmRuntime,
  type WasmDType,
  WasmRuntime,
  WasmVec,
  wasmModuleBytes,
  wasmSimdSupported,
} from './runtime.js';
