/**
 * backend/native — the C++ addon (native/ at the package root, built by
 * `npm install` with node-gyp): its `Backend`, its optimizer kernels, and the
 * controls tests and `optlab info` use (instruction set, thread count).
 * Loaded lazily; in a browser, or without a built addon, `loadNative()`
 * reports why and nothing else happens.
 */
import type { NativeAddon, NativeCpuInfo } from './addon.js';
import { createNativeBackend, type NativeBackend } from './backend.js';
import { loadNative } from './load.js';

export type { NativeAddon, NativeCpuInfo } from './addon.js';
export { createNativeBackend, NATIVE_MIN_ELEMENTS, type NativeBackend } from './backend.js';
export { addonPath, loadNative, type NativeLoad } from './load.js';
export { nativeOptimKernels } from './optim.js';

let backendCache: NativeBackend | null = null;

/** The native backend, or null with the reason when the addon is not available. */
export function tryNativeBackend(): { backend: NativeBackend } | { backend: null; reason: string } {
  const r = loadNative();
  if (!r.ok) return { backend: null, reason: r.reason };
  backendCache ??= createNativeBackend(r.addon);
  return { backend: backendCache };
}

function addon(): NativeAddon {
  const r = loadNative();
  if (!r.ok) throw new Error(`optlab: the native addon is not available (${r.reason})`);
  return r.addon;
}

/** Threads the native kernels use (OPTLAB_THREADS, default = cores). */
export function nativeThreads(): number {
  return addon().getThreads();
}

/** Sets the native thread count (an integer in [1, 256]). */
export function setNativeThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new RangeError(`setNativeThreads: expected an integer in [1, 256], got ${n}`);
  addon().setThreads(n);
}

/** The CPU features the native kernels detected, and the instruction set in use. */
export function nativeCpuInfo(): NativeCpuInfo {
  return addon().cpuInfo();
}

/** Selects the kernels' instruction set ('avx512' | 'avx2' | 'generic'); false if the CPU lacks it. */
export function setNativeIsa(isa: 'avx512' | 'avx2' | 'generic'): boolean {
  return addon().setIsa(isa);
}
