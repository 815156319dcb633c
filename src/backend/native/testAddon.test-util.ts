/**
 * For the native tests: the addon, or a reason to skip. Without a built addon
 * the native tests are not registered, with a message saying how to build it — except under CI
 * (`process.env.CI`), where `npm ci` must have built it, so they fail.
 */
import { it } from 'vitest';
import type { NativeAddon } from './addon.js';
import { loadNative } from './load.js';

const r = loadNative();

export const addon: NativeAddon | null = r.ok ? r.addon : null;

if (!r.ok) {
  if (process.env.CI)
    throw new Error(`the native addon must be built under CI (npm ci builds it): ${r.reason}`);
  console.warn(
    `native tests skipped: ${r.reason} (build it with \`npm install\` or \`node native/build.mjs\`)`,
  );
}

/** A test when the addon is loaded; none otherwise (the reason is printed once above). */
export function itNative(name: string, fn: () => void | Promise<void>, timeout?: number): void {
  if (addon) it(name, fn, timeout);
}

/** Instruction sets this CPU can run (the best first). */
export function supportedIsas(a: NativeAddon): ('avx512' | 'avx2' | 'generic')[] {
  const best = a.cpuInfo().best;
  if (best === 'avx512') return ['avx512', 'avx2', 'generic'];
  if (best === 'avx2') return ['avx2', 'generic'];
  return ['generic'];
}

/** Runs `fn` with the addon set to `isa` and `threads`, restoring both afterwards. */
export function withSettings<T>(
  a: NativeAddon,
  s: { isa?: string; threads?: number },
  fn: () => T,
): T {
  const prevIsa = a.cpuInfo().isa;
  const prevThreads = a.getThreads();
  try {
    if (s.isa !== undefined && !a.setIsa(s.isa)) throw new Error(`this CPU lacks ${s.isa}`);
    if (s.threads !== undefined) a.setThreads(s.threads);
    return fn();
  } finally {
    a.setIsa(prevIsa);
    a.setThreads(prevThreads);
  }
}
