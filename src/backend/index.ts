import { jsBackend } from './js.js';
import { tryNativeBackend } from './native/index.js';
import { nodeProcess } from './native/load.js';
import type { Backend } from './types.js';
import { createWasmBackend } from './wasm/backend.js';

export { jsBackend } from './js.js';
export {
  nativeCpuInfo,
  nativeThreads,
  setNativeIsa,
  setNativeThreads,
  tryNativeBackend,
} from './native/index.js';
export type { Backend } from './types.js';
export { createWasmBackend } from './wasm/backend.js';

let current: Backend | null = null;

/** The values `OPTLAB_BACKEND` accepts. */
export const BACKEND_NAMES = ['native', 'wasm', 'js'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

let noticeShown = false;

/** One line, once per process, when the default falls back from the native addon. */
function fallbackNotice(reason: string, to: string): void {
  const proc = nodeProcess();
  if (noticeShown || proc === undefined) return;
  noticeShown = true;
  console.warn(`optlab: native addon not built (${reason}); running on ${to}`);
}

function wasmOrJs(): Backend {
  try {
    return createWasmBackend();
  } catch {
    return jsBackend;
  }
}

/**
 * Every backend that loads here, fastest last: the TypeScript one, the
 * WebAssembly one when this engine has SIMD, and the native addon when it is
 * built. (Tests and benchmarks iterate this list so that each implementation is
 * checked against the reference.)
 */
export function availableBackends(): Backend[] {
  const out: Backend[] = [jsBackend];
  try {
    const w = createWasmBackend();
    if (w.name !== jsBackend.name) out.push(w);
  } catch {
    // no WebAssembly here
  }
  const r = tryNativeBackend();
  if (r.backend) out.push(r.backend);
  return out;
}

/**
 * The backend called `name`: 'native' (the C++ addon; throws if it is not
 * built), 'wasm' (WebAssembly SIMD, or TypeScript where the engine lacks
 * SIMD) or 'js' (the TypeScript kernels).
 */
export function backendByName(name: BackendName): Backend {
  switch (name) {
    case 'native': {
      const r = tryNativeBackend();
      if (r.backend === null)
        throw new Error(`optlab: the native backend is not available (${r.reason})`);
      return r.backend;
    }
    case 'wasm':
      return wasmOrJs();
    case 'js':
      return jsBackend;
  }
}

/**
 * The default: `OPTLAB_BACKEND=native|wasm|js` if set, else the fastest that
 * loads — the native addon in Node when `npm install` built it, else the
 * WebAssembly SIMD backend (browsers always), else the TypeScript one. When
 * the addon is missing in Node, one line on standard error says so, once. In a
 * browser main thread, where synchronous compilation may be refused, call
 * `initSharedWasmRuntime()` (backend/wasm) first or the TypeScript backend is used.
 */
function defaultBackend(): Backend {
  const want = nodeProcess()?.env.OPTLAB_BACKEND;
  if (want !== undefined && want !== '') {
    if (!(BACKEND_NAMES as readonly string[]).includes(want))
      throw new Error(`OPTLAB_BACKEND must be one of native, wasm, js (got '${want}')`);
    return backendByName(want as BackendName);
  }
  const r = tryNativeBackend();
  if (r.backend !== null) return r.backend;
  const fallback = wasmOrJs();
  if (nodeProcess() !== undefined)
    fallbackNotice(r.reason, fallback.name === 'wasm' ? 'WebAssembly' : 'TypeScript');
  return fallback;
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
