#!/usr/bin/env node
/**
 * The `install` script: builds the native addon with node-gyp (the one npm
 * bundles, else one on PATH) and NEVER fails the install. Without a compiler,
 * or when the build fails, optlab runs on WebAssembly and says so once at run
 * time; the build log is kept in native/build-error.log.
 *
 * OPTLAB_SKIP_NATIVE=1 skips the build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const log = join(here, 'build-error.log');

function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm];
  const npmCli = process.env.npm_execpath;
  if (npmCli) {
    const bundled = join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (existsSync(bundled)) return [process.execPath, bundled];
  }
  const beside = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  const withNode = join(beside, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(withNode)) return [process.execPath, withNode];
  return ['node-gyp'];
}

/** Node's own headers when they sit beside the binary (distribution packages), so no download. */
function nodeDirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function main() {
  if (process.env.OPTLAB_SKIP_NATIVE === '1') {
    console.log(
      'optlab: OPTLAB_SKIP_NATIVE=1, native addon not built (optlab runs on WebAssembly)',
    );
    return;
  }
  const [cmd, ...pre] = nodeGyp();
  const t0 = Date.now();
  const r = spawnSync(cmd, [...pre, 'rebuild', `--directory=${here}`, ...nodeDirArgs()], {
    cwd: here,
    encoding: 'utf8',
    env: process.env,
  });
  if (r.status === 0 && existsSync(join(here, 'build', 'Release', 'optlab_native.node'))) {
    rmSync(log, { force: true });
    console.log(`optlab: native addon built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return;
  }
  const why = r.error ? String(r.error.message) : `node-gyp exited with ${r.status}`;
  writeFileSync(log, `${why}\n\n${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  console.log(
    `optlab: native addon not built (${why}; see native/build-error.log); optlab runs on WebAssembly`,
  );
}

try {
  main();
} catch (e) {
  console.log(`optlab: native addon not built (${e instanceof Error ? e.message : e})`);
}
process.exitCode = 0;
