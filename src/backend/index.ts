import { jsBackend } from './js.js';
import type { Backend } from './types.js';
import { createWasmBackend } from './wasm/backend.js';

export { jsBackend } from './js.js';
export { matmulNaive } from './matmul.js';
export type {
  AdagradCoefs,
  AdamCoefs,
  DecayRanges,
  FloatVec,
  MomentumCoefs,
  OptimKernels,
  RmspropCoefs,
  SgdCoefs,
} from './optimKernels.js';
export { forEachPiece, rangesFromMask } from './optimKernels.js';
export { jsOptimKernels } from './optimReference.js';
export type { Backend, BinaryKind, UnaryKind } from './types.js';
export { createWasmBackend } from './wasm/backend.js';

let current: Backend | null = null;

/**
 * The default: the WebAssembly SIMD backend where the engine supports it (about
 * ten times the GEMM throughput of the TypeScript kernels, same results bit for
 * bit), else the TypeScript one. `OPTLAB_BACKEND=js` in the environment forces
 * the TypeScript kernels. In a browser main thread, where synchronous
 * compilation may be refused, call `initSharedWasmRuntime()` (backend/wasm) first
 * or the TypeScript backend is used.
 */
function defaultBackend(): Backend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  if (env?.OPTLAB_BACKEND === 'js') return jsBackend;
  try {
    return createWasmBackend();
  } catch {
    return jsBackend;
  }
}

/**
 * Every backend that loads here, fastest last: the TypeScript one, then the
 * WebAssembly one when this engine has SIMD. (Tests and benchmarks iterate
 * this list so that each implementation is checked against the reference.)
 */
export function availableBackends(): Backend[] {
  const out: Backend[] = [jsBackend];
  try {
    const w = createWasmBackend();
    if (w.name !== jsBackend.name) out.push(w);
  } catch {
    // no WebAssembly here
  }
  return out;
}

/** The backend every operation computes with. */
export function backend(): Backend {
  current ??= defaultBackend();
  return current;
}

/** Replace the backend (for example with the TypeScript one); returns the previous. */
export function setBackend(b: Backend): Backend {
  const prev = backend();
  current = b;
  return prev;
}
