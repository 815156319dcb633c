import { configDefaults, defineConfig } from 'vitest/config';
import { loadNative } from './src/backend/native/load.js';
import { browserMissing } from './test/lab/browser.js';
import { firefoxMissing } from './test/lab/firefox.js';

/**
 * Test files that need something npm cannot install (a C++ compiler for the
 * native addon, Chromium, Firefox) are left out of the run when it is missing,
 * with one line saying how to add it — except under CI (`process.env.CI`,
 * where .ci/setup.d installs them): there they always run, and fail if it is
 * missing. (The PostgreSQL tests share their files with SQLite ones and decide
 * per suite: see src/tune/storage/testdata/postgres.ts.)
 */
function needs(): string[] {
  if (process.env.CI) return [];
  const out: string[] = [];
  const leave = (files: string[], why: string) => {
    console.warn(`not run here: ${files.join(', ')} — ${why}`);
    out.push(...files);
  };
  const native = loadNative();
  if (!native.ok)
    leave(
      ['src/backend/native/{backend,gemm,optim}.test.ts'],
      `${native.reason} (build it with npm install or node native/build.mjs)`,
    );
  const chromium = browserMissing();
  if (chromium) leave(['test/lab/lab.browser.test.ts'], chromium);
  const firefox = firefoxMissing() ?? (chromium?.includes('not built') ? chromium : null);
  if (firefox) leave(['test/lab/lab.firefox.test.ts'], firefox);
  return out;
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...needs()],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
