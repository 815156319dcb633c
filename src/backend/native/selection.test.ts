/**
 * Backend selection in fresh processes: OPTLAB_BACKEND picks the backend, an
 * unknown value is refused in one line, and without the addon (forced by
 * pointing OPTLAB_NATIVE_ADDON at a missing file) the default falls back to
 * WebAssembly, says so in exactly one line, and training still works.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addon, itNative } from './testAddon.test-util.js';

const script = fileURLToPath(new URL('./fixtures/train.test-util.ts', import.meta.url));

function train(env: Record<string, string>) {
  const clean = { ...process.env };
  delete clean.OPTLAB_BACKEND;
  delete clean.OPTLAB_NATIVE_ADDON;
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 280_000,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  return {
    status: r.status,
    stderr: r.stderr,
    out:
      r.status === 0
        ? (JSON.parse(line) as { backend: string; first: number; last: number })
        : null,
  };
}

describe('backend selection (child processes)', () => {
  // child processes start tsx and train: minutes on a loaded machine
  const T = 300_000;

  it(
    'falls back to WebAssembly without the addon: one notice line, and training works',
    () => {
      const r = train({ OPTLAB_NATIVE_ADDON: '/nonexistent/optlab_native.node' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.out!.backend).toBe('wasm');
      expect(r.out!.last).toBeLessThan(0.7 * r.out!.first);
      const notices = r.stderr.split('\n').filter((l) => l.includes('native addon not built'));
      expect(notices).toEqual([
        'optlab: native addon not built (no /nonexistent/optlab_native.node); running on WebAssembly',
      ]);
    },
    T,
  );

  it(
    'refuses an unknown OPTLAB_BACKEND with one line naming the allowed values',
    () => {
      const r = train({ OPTLAB_BACKEND: 'cuda' });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/OPTLAB_BACKEND must be one of native, wasm, js \(got 'cuda'\)/);
    },
    T,
  );

  it(
    'OPTLAB_BACKEND=native without the addon is an error, not a silent fallback',
    () => {
      const r = train({ OPTLAB_BACKEND: 'native', OPTLAB_NATIVE_ADDON: '/nonexistent/x.node' });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/the native backend is not available \(no \/nonexistent\/x\.node\)/);
    },
    T,
  );

  itNative(
    'defaults to the native addon when it is built, silently; js and wasm on request',
    () => {
      expect(addon).not.toBeNull();
      const d = train({});
      expect(d.status, d.stderr).toBe(0);
      expect(d.out!.backend).toBe('native');
      expect(d.stderr).not.toMatch(/native addon/);
      expect(d.out!.last).toBeLessThan(0.7 * d.out!.first);
      for (const name of ['js', 'wasm']) {
        const r = train({ OPTLAB_BACKEND: name });
        expect(r.status, r.stderr).toBe(0);
        expect(r.out!.backend).toBe(name);
        // the same training to float rounding (float64 model)
        expect(Math.abs(r.out!.last - d.out!.last)).toBeLessThan(1e-9 * d.out!.last + 1e-12);
      }
    },
    T,
  );
});
