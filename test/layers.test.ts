/**
 * The layer order (test/layers.ts, explained in docs/architecture.md) holds:
 * no file under src/ imports from a later layer or from a folder outside the
 * list, and the lab's page sources import only `optlab/core`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ENTRY_FILES,
  LAYERS,
  labViolations,
  layerViolations,
  pendingMoves,
  relativeImports,
} from './layers.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

/** Every .ts file under `dir` (path relative to it, `/`-separated) → its text. */
function sources(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts')) continue;
    const path = join(e.parentPath, e.name);
    out.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return out;
}

describe('layer order', () => {
  const src = sources(join(repo, 'src'));

  it('reads the whole source tree, dynamic imports included', () => {
    expect(src.size).toBeGreaterThan(300);
    const registry = src.get('experiments/catalog.ts')!;
    expect(relativeImports(registry)).toContain('./optimizerPaths.js');
  });

  it('every src/ file imports only its own layer and earlier ones', () => {
    const found = layerViolations(src);
    const pending = (v: { from: string; to: string }) =>
      pendingMoves.some((p) => p.from === v.from && p.to === v.to);
    const stale = pendingMoves.filter(
      (p) => !found.some((v) => v.from === p.from && v.to === p.to),
    );
    expect(stale, 'pendingMoves entries that no longer match an import: delete them').toEqual([]);
    expect(found.filter((v) => !pending(v)).map((v) => v.message)).toEqual([]);
  });

  it('lab/src imports only optlab/core from the package', () => {
    const lab = sources(join(repo, 'lab', 'src'));
    expect(lab.size).toBeGreaterThan(10);
    expect(labViolations(lab).map((v) => v.message)).toEqual([]);
  });

  it('docs/architecture.md explains the same layers in the same order', () => {
    const doc = readFileSync(join(repo, 'docs', 'architecture.md'), 'utf8');
    // the numbered list: "1. `options/` — …", then the entry files
    const listed = [...doc.matchAll(/^\d+\. `([\w.]+?)\/?`/gm)].map((m) => m[1]);
    expect(listed).toEqual([...LAYERS, ...ENTRY_FILES]);
  });
});

describe('the checker', () => {
  const files = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it('names file, imported file and both layers for an import from a later layer', () => {
    const v = layerViolations(
      files({
        'optim/adam.ts': "import { fit } from '../train/fit.js';\nexport const a = 1;",
        'train/fit.ts': "import { adam } from '../optim/adam.js';",
      }),
    );
    expect(v.map((x) => x.message)).toEqual([
      'src/optim/adam.ts imports src/train/fit.ts: layer optim (#12) may import only its own ' +
        'folder and earlier layers, not layer train (#16), a later one (order: test/layers.ts, docs/architecture.md)',
    ]);
  });

  it('sees dynamic imports, re-exports and type-only imports, not comments', () => {
    const v = layerViolations(
      files({
        'tensor/a.ts': "const m = await import('../nn/model.js');",
        'tensor/b.ts': "export { x } from '../nn/x.js';",
        'tensor/c.ts': "import type { Y } from '../nn/y.js';",
        'tensor/d.ts': "// import { z } from '../nn/z.js';\n/* import('../nn/w.js') */",
      }),
    );
    expect(v.map((x) => `${x.from} ${x.to}`)).toEqual([
      'tensor/a.ts nn/model.ts',
      'tensor/b.ts nn/x.ts',
      'tensor/c.ts nn/y.ts',
    ]);
  });

  it('refuses folders outside the list and imports out of src/, lets entry files import all', () => {
    const v = layerViolations(
      files({
        'misc/a.ts': 'export const a = 1;',
        'nn/b.ts': "import { a } from '../misc/a.js';\nimport p from '../../package.json';",
        'core.ts': "export * as nn from './nn/index.js';\nexport * from './index.js';",
        'index.ts': "export * from './core.js';\nexport * as cli from './cli/main.js';",
        'nn/c.test.ts': "import { fit } from '../train/fit.js';",
      }),
    );
    expect(v.map((x) => x.message)).toEqual([
      "src/misc/a.ts is in 'misc', which is not in the layer list: place it in LAYERS " +
        '(test/layers.ts) and docs/architecture.md, or move the file',
      'src/nn/b.ts imports src/misc/a.ts: layer nn (#10) may import only its own folder and ' +
        "earlier layers, not 'misc', which is not in the layer list (order: test/layers.ts, docs/architecture.md)",
      "src/nn/b.ts imports '../../package.json', outside src/",
      'src/core.ts imports src/index.ts: entry file core.ts may import only its own folder and ' +
        'earlier layers, not entry file index.ts, a later one (order: test/layers.ts, docs/architecture.md)',
    ]);
  });

  it('lets the lab import optlab/core and its own files only', () => {
    const v = labViolations(
      files({
        'a.ts': "import { optim } from 'optlab/core';\nimport { h } from './dom.js';",
        'pages/b.ts':
          "import { fit } from 'optlab';\nimport { x } from '../../../src/nn/index.js';",
      }),
    );
    expect(v.map((x) => `${x.from} ${x.to}`)).toEqual([
      'pages/b.ts optlab',
      'pages/b.ts ../../../src/nn/index.js',
    ]);
  });
});
