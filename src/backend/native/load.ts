/**
 * Finds and loads the native addon (`native/build/Release/optlab_native.node`,
 * built by `npm install`), lazily and at most once. Browser-safe: it imports no
 * Node module; in Node it reaches `require` through `process.getBuiltinModule`
 * (Node ≥ 20.16), and anywhere else it reports "not available".
 *
 * `OPTLAB_NATIVE_ADDON=/path/to/file.node` loads another file (tests point it
 * at a missing file to force the WebAssembly fallback).
 */
import type { NativeAddon } from './addon.js';

export type NativeLoad = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

interface NodeProcess {
  env: Record<string, string | undefined>;
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/** `process` when running in Node, else undefined. */
export function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p?.versions?.node !== undefined ? p : undefined;
}

/** The addon's path: OPTLAB_NATIVE_ADDON, else relative to this file (src/ and dist/ alike). */
export function addonPath(): string {
  const env = nodeProcess()?.env.OPTLAB_NATIVE_ADDON;
  if (env) return env;
  return decodeURIComponent(
    new URL('../../../native/build/Release/optlab_native.node', import.meta.url).pathname,
  );
}

let cached: NativeLoad | null = null;

function tryLoad(): NativeLoad {
  const proc = nodeProcess();
  if (proc === undefined) return { ok: false, reason: 'not running in Node' };
  if (typeof proc.getBuiltinModule !== 'function')
    return { ok: false, reason: `Node ${proc.versions?.node} lacks process.getBuiltinModule` };
  const fs = proc.getBuiltinModule('node:fs') as { existsSync(p: string): boolean };
  const path = addonPath();
  if (!fs.existsSync(path)) return { ok: false, reason: `no ${path}` };
  const mod = proc.getBuiltinModule('node:module') as {
    createRequire(from: string): (id: string) => unknown;
  };
  try {
    const addon = mod.createRequire(import.meta.url)(path) as NativeAddon;
    if (typeof addon.matmul !== 'function')
      return { ok: false, reason: `${path} is not optlab's addon` };
    return { ok: true, addon };
  } catch (e) {
    return { ok: false, reason: `loading ${path} failed: ${e instanceof Error ? e.message : e}` };
  }
}

/** The addon, loaded on first call (the outcome is remembered). */
export function loadNative(): NativeLoad {
  cached ??= tryLoad();
  return cached;
}
