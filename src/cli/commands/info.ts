/**
 * `optlab info [--json]`: what optlab runs on — its version, the backend in
 * use (OPTLAB_BACKEND or the default: native when the addon is built, else
 * WebAssembly), the CPU features the native kernels use (from the addon's
 * CPUID: avx512f, avx2, fma) and the instruction set they picked, and the
 * thread count (OPTLAB_THREADS, default = cores).
 *
 *   $ optlab info
 *   optlab 0.1.0
 *   backend   native
 *   kernels   avx512 (CPU: avx512f avx2 fma)
 *   threads   2
 *   node      v20.20.2 linux x64
 */
import { arch, platform } from 'node:os';
import type { Command } from 'commander';
import { backend } from '../../backend/index.js';
import { addonPath, loadNative } from '../../backend/native/index.js';
import { type Io, printJson } from '../io.js';
import { version } from '../version.js';

export interface InfoResult {
  version: string;
  backend: string;
  native:
    | {
        available: true;
        path: string;
        isa: string;
        cpu: { avx512f: boolean; avx2: boolean; fma: boolean };
        threads: number;
      }
    | { available: false; reason: string };
  /** threads the backend in use computes with */
  threads: number;
  node: string;
  platform: string;
  arch: string;
}

export function info(): InfoResult {
  const name = backend().name;
  const r = loadNative();
  const native: InfoResult['native'] = r.ok
    ? {
        available: true,
        path: addonPath(),
        isa: r.addon.cpuInfo().isa,
        cpu: (({ avx512f, avx2, fma }) => ({ avx512f, avx2, fma }))(r.addon.cpuInfo()),
        threads: r.addon.getThreads(),
      }
    : { available: false, reason: r.reason };
  return {
    version: version(),
    backend: name,
    native,
    threads: name === 'native' && native.available ? native.threads : 1,
    node: process.version,
    platform: platform(),
    arch: arch(),
  };
}

export function formatInfo(i: InfoResult): string {
  const lines = [`optlab ${i.version}`, `backend   ${i.backend}`];
  if (i.native.available) {
    const feats = Object.entries(i.native.cpu)
      .filter(([, on]) => on)
      .map(([f]) => f);
    lines.push(
      `kernels   ${i.native.isa} (CPU: ${feats.length ? feats.join(' ') : 'none of avx512f avx2 fma'})`,
    );
  } else lines.push(`native    not available (${i.native.reason})`);
  lines.push(`threads   ${i.threads}`, `node      ${i.node} ${i.platform} ${i.arch}`);
  return `${lines.join('\n')}\n`;
}

export function configure(cmd: Command, io: Io): void {
  cmd.option('--json', 'print one JSON object').action((opts: { json?: boolean }) => {
    const i = info();
    if (opts.json) printJson(io, i);
    else io.out(formatInfo(i));
  });
}
